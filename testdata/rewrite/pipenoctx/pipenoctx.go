// Package pipenoctx checks that a channel stays plain when no context
// would pass through it: no send on it has a context in scope (its
// envelopes would only ever hold nil), or no loop receiving from it has
// one to start item spans with. A stage that takes the context converts
// both of its channels.
package pipenoctx

import "context"

// Queue has no context at either end of its channel: left plain.
func Queue(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
		close(ch)
	}()
	sum := 0
	for v := range ch {
		sum += v
	}
	return sum
}

// Chain feeds in with ctx in scope, but double, the only loop over in,
// has no context, and neither have its sends on out: both left plain.
func Chain(ctx context.Context, xs []int) int {
	in := make(chan int)
	out := make(chan int)
	go func() {
		for _, x := range xs {
			in <- x
		}
		close(in)
	}()
	go double(in, out)
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

func double(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * 2
	}
	close(out)
}

// Linked's stage takes the context: both ends of both channels have one,
// so both are converted.
func Linked(ctx context.Context, xs []int) int {
	in := make(chan int)
	out := make(chan int)
	go func() {
		for _, x := range xs {
			in <- x
		}
		close(in)
	}()
	go triple(ctx, in, out)
	sum := 0
	for v := range out {
		sum += v
	}
	return sum
}

func triple(ctx context.Context, in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * 3
	}
	close(out)
}
