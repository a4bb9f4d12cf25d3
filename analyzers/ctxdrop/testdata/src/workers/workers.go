// Package workers shows goroutines started with a fresh root context
// inside functions that were handed the caller's context.
package workers

import (
	"context"
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Task struct{ URL string }

type Result struct {
	URL  string
	Size int
}

func worker(ctx context.Context, tasks <-chan Task, results chan<- Result) {
	for {
		select {
		case <-ctx.Done():
			return
		case task, ok := <-tasks:
			if !ok {
				return
			}
			results <- Result{URL: task.URL, Size: len(task.URL)}
		}
	}
}

// RunPool starts its workers detached from the request.
func RunPool(ctx context.Context, tasks <-chan Task, n int) <-chan Result {
	results := make(chan Result)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			worker(context.Background(), tasks, results) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

// StartWorkers uses a go statement calling the worker directly.
func StartWorkers(ctx context.Context, tasks <-chan Task, results chan<- Result) {
	for range 4 {
		go worker(context.Background(), tasks, results) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	}
}

// Notify captures ctx in a goroutine but uses TODO inside it.
func Notify(ctx context.Context, subscribers []chan<- string, msg string) {
	go func() {
		for _, sub := range subscribers {
			send(context.TODO(), sub, msg) // want `context.TODO\(\) drops ctx, the caller's context; pass ctx`
		}
	}()
}

// FetchAll drops the group's context; the fix names gctx, the most
// recently derived caller context.
func FetchAll(ctx context.Context, tasks []Task) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, task := range tasks {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error {
			return fetch(context.Background(), task) // want `context.Background\(\) drops gctx, the caller's context; pass gctx`
		})
	}
	return g.Wait()
}

// Negative: the workers get the caller's context.
func StartWorkersProperly(ctx context.Context, tasks <-chan Task, results chan<- Result) {
	for range 4 {
		go worker(ctx, tasks, results)
	}
}

// Negative: a goroutine that must outlive the request detaches with
// WithoutCancel.
func Flush(ctx context.Context, tasks []Task) {
	go func() {
		detached := context.WithoutCancel(ctx)
		for _, task := range tasks {
			_ = fetch(detached, task)
		}
	}()
}

func send(ctx context.Context, sub chan<- string, msg string) {
	select {
	case sub <- msg:
	case <-ctx.Done():
	}
}

func fetch(ctx context.Context, task Task) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("fetch %s: %w", task.URL, err)
	}
	return nil
}
