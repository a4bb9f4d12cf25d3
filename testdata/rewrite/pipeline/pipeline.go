// Package pipeline checks a three-stage pipeline over chan int whose
// channels are made and used only inside the package: every channel
// becomes chan carry.Item[int], each send carries the sender's context,
// and each stage's range loop starts an item span from the item's context,
// so one item's spans form a chain from generate through square to Sum.
package pipeline

import "context"

// Sum returns the sum of the squares of 0..n-1.
func Sum(ctx context.Context, n int) int {
	total := 0
	for v := range square(ctx, generate(ctx, n)) {
		total += v
	}
	return total
}

func generate(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := range n {
			out <- i
		}
	}()
	return out
}

func square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * v
		}
	}()
	return out
}
