// Package ruletrivial checks the span rule on functions that do too little
// to deserve a span by default, beside look-alikes that do work.
package ruletrivial

import (
	"context"
	"fmt"
	"sync"
)

type nameKey struct{}

// Fetcher is what the look-alikes do their work with.
type Fetcher interface {
	Fetch(ctx context.Context, url string) ([]byte, error)
}

// HandlerNameFromCtx reads a value: no span.
func HandlerNameFromCtx(ctx context.Context) string {
	name, _ := ctx.Value(nameKey{}).(string)
	return name
}

// label formats what an accessor returned: no span, although it calls
// another function of the package with ctx, because that one has none.
func label(ctx context.Context, n int) string {
	return fmt.Sprintf("%s#%d", HandlerNameFromCtx(ctx), n)
}

// Size calls a function that can fail with ctx: a span.
func Size(ctx context.Context, f Fetcher, url string) (int, error) {
	b, err := f.Fetch(ctx, url)
	return len(b), err
}

// total does its work through Size, a function of the package that has a
// span: a span.
func total(ctx context.Context, f Fetcher, urls []string) int {
	n := 0
	for _, u := range urls {
		size, _ := Size(ctx, f, u)
		n += size
	}
	return n
}

// All waits for goroutines it starts: a span, and each goroutine one.
func All(ctx context.Context, f Fetcher, urls []string) []int {
	sizes := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sizes[i], _ = Size(ctx, f, u)
		}()
	}
	wg.Wait()
	return sizes
}

// Describe does too little for a span by default, and asks for one.
//
//otelgen:span
func Describe(ctx context.Context, n int) string {
	return label(ctx, n)
}

// closed polls a channel without blocking: no span.
func closed(ctx context.Context, done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	default:
	}
	return ctx.Err() != nil
}

// await blocks on the same channel: a span.
func await(ctx context.Context, done <-chan struct{}) error {
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Launch starts a goroutine that is not given the context: nothing it does
// can descend from a span of Launch, so there is none.
func Launch(ctx context.Context, work func()) {
	go work()
}

// LaunchWith gives the goroutine the context: a span, and one for the
// goroutine.
func LaunchWith(ctx context.Context, work func(context.Context)) {
	go work(ctx)
}

// deliver hands m to out, a goroutine's work.
func deliver(out chan<- string, m string) { out <- m }

// Fan starts a goroutine per message running a function of the package
// that takes no context: no goroutine span, since its context would reach
// nothing; Fan's own span covers the fetch.
func Fan(ctx context.Context, f Fetcher, out chan<- string, msgs []string) error {
	if _, err := f.Fetch(ctx, "index"); err != nil {
		return err
	}
	for _, m := range msgs {
		go deliver(out, m)
	}
	return nil
}
