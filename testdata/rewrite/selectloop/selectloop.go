// Package selectloop checks a receive loop "for { select { case v := <-in:
// ... case <-ctx.Done(): return } }" on a package-local channel: the
// receive case gets an item span "selectloop.consume/select in" ended at
// the end of the case, and the cancellation case is left alone.
package selectloop

import "context"

// Total adds up xs through a goroutine; the consumer stops when ctx is
// cancelled after the last value.
func Total(ctx context.Context, xs []int) int {
	ctx, cancel := context.WithCancel(ctx)
	in := make(chan int)
	go func() {
		for _, x := range xs {
			in <- x
		}
		cancel()
	}()
	return consume(ctx, in)
}

func consume(ctx context.Context, in <-chan int) int {
	sum := 0
	for {
		select {
		case v := <-in:
			if v < 0 {
				continue
			}
			sum += v
		case <-ctx.Done():
			return sum
		}
	}
}
