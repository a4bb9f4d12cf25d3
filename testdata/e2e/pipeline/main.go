// Command pipeline squares numbers in three stages connected by channels:
// a generator, a squaring stage and a sink that prints and sums.
package main

import (
	"context"
	"fmt"
)

func main() {
	run(context.Background())
}

func run(ctx context.Context) {
	out := square(ctx, gen(ctx, 1, 2, 3, 4, 5, 6, 7))
	sum := 0
	// One goroutine per stage and unbuffered channels keep the items in
	// order, so the printed sequence is deterministic.
	for v := range out {
		fmt.Println(v)
		sum += v
	}
	fmt.Println("sum:", sum)
}

func gen(ctx context.Context, nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- n
		}
	}()
	return out
}

func square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for n := range in {
			out <- n * n
		}
	}()
	return out
}
