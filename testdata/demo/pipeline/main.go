// Command pipeline resizes a batch of images in three stages connected by
// channels: a reader, a pool of two resizers and a writer. It carries no
// tracing code at all; "go tool otelgen -init go run ./pipeline" runs it
// instrumented, and piping the console exporter's output into
// "go tool otelgen tree" shows each image's path through the stages.
package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

func main() {
	if err := process(context.Background(), []string{"cat.png", "dog.png", "broken.png"}); err != nil {
		fmt.Println("process:", err)
	}
}

func process(ctx context.Context, names []string) error {
	resized := resize(ctx, read(ctx, names))
	var failed int
	for r := range resized {
		if r.err != nil {
			failed++
			continue
		}
		fmt.Printf("wrote %s (%d bytes)\n", r.name, r.size)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d images failed", failed, len(names))
	}
	return nil
}

func read(ctx context.Context, names []string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, name := range names {
			out <- name
		}
	}()
	return out
}

type result struct {
	name string
	size int
	err  error
}

func resize(ctx context.Context, in <-chan string) <-chan result {
	out := make(chan result)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range in {
				size, err := scale(ctx, name)
				out <- result{name: name, size: size, err: err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

func scale(ctx context.Context, name string) (int, error) {
	// The real work takes a moment; it stops early if ctx ends.
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(100 * time.Microsecond):
	}
	if name == "broken.png" {
		return 0, errors.New("unsupported format")
	}
	return 100 * len(name), nil
}
