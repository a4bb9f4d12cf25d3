// Command errgroup runs tasks in an errgroup, one of which fails.
package main

import (
	"context"
	"fmt"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

const (
	numTasks = 6
	failing  = 3
)

func main() {
	run(context.Background())
}

func run(ctx context.Context) {
	var done atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for i := range numTasks {
		g.Go(func() error {
			done.Add(1)
			return task(gctx, i)
		})
	}
	// Only one task fails, so Wait's error is the same on every run; no
	// task looks at gctx, so all of them run even after the failure.
	err := g.Wait()
	fmt.Println("tasks run:", done.Load())
	fmt.Println("error:", err)
}

// task's error result is named, which is what lets otelgen record the error
// on the task's span. Its body stands in for real work, which otelgen's span
// rule would recognise; the directive asks for the span all the same.
//
//otelgen:span
func task(ctx context.Context, i int) (err error) {
	if i == failing {
		return fmt.Errorf("task %d failed", i)
	}
	return nil
}
