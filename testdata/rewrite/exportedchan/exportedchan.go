// Package exportedchan checks that a channel reaching other packages stays
// plain: Evens returns a <-chan int to its callers, so that channel and its
// sends keep the element type int, while the package-local channel from
// numbers to Evens' goroutine becomes chan carry.Item[int].
package exportedchan

import "context"

// Evens returns the even numbers below n.
func Evens(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range numbers(ctx, n) {
			if v%2 == 0 {
				out <- v
			}
		}
	}()
	return out
}

func numbers(ctx context.Context, n int) <-chan int {
	out := make(chan int, n)
	for i := range n {
		out <- i
	}
	close(out)
	return out
}
