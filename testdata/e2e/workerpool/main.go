// Command workerpool squares numbers on a fixed pool of three workers that
// share one jobs channel and one results channel.
package main

import (
	"context"
	"fmt"
	"slices"
	"sync"
)

const numJobs = 9

func main() {
	run(context.Background())
}

func run(ctx context.Context) {
	jobs := make(chan int)
	results := make(chan int, numJobs)
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1)
		go worker(ctx, id, jobs, results, &wg)
	}
	for j := 1; j <= numJobs; j++ {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	close(results)

	var squares []int
	for r := range results {
		squares = append(squares, r)
	}
	// Workers finish in any order; sorting makes the output comparable
	// across runs.
	slices.Sort(squares)
	sum := 0
	for _, s := range squares {
		sum += s
	}
	fmt.Println("squares:", squares)
	fmt.Println("sum:", sum)
}

func worker(ctx context.Context, id int, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}
