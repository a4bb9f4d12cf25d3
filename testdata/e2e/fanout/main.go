// Command fanout has one source feed three workers that read the same
// channel, and merges the workers' outputs back into one channel.
package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

const numItems = 12

func main() {
	run(context.Background())
}

func run(ctx context.Context) {
	src := source(ctx, numItems)
	w1 := worker(ctx, 1, src)
	w2 := worker(ctx, 2, src)
	w3 := worker(ctx, 3, src)
	var got []int
	for v := range merge(ctx, w1, w2, w3) {
		got = append(got, v)
	}
	// Which worker handles which item varies from run to run; the sorted
	// set of results does not.
	slices.Sort(got)
	sum := 0
	for _, v := range got {
		sum += v
	}
	fmt.Println("results:", got)
	fmt.Println("sum:", sum)
}

func source(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 1; i <= n; i++ {
			out <- i
		}
	}()
	return out
}

func worker(ctx context.Context, id int, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * 10
		}
	}()
	return out
}

func merge(ctx context.Context, cs ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := range c {
				out <- v
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}
