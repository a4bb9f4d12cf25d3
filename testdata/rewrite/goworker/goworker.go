// Package goworker checks "go worker(ctx, id, jobs)" where worker is a
// same-package function whose first parameter is a context: worker gets its
// own span, which is the goroutine's span, so the go statement is left
// alone.
package goworker

import (
	"context"
	"fmt"
	"sync"
)

func worker(ctx context.Context, id int, jobs []string, wg *sync.WaitGroup) {
	defer wg.Done()
	for _, j := range jobs {
		fmt.Println(id, j)
	}
}

// Pool runs n workers over the same jobs.
func Pool(ctx context.Context, n int, jobs []string) {
	var wg sync.WaitGroup
	for id := range n {
		wg.Add(1)
		go worker(ctx, id, jobs, &wg)
	}
	wg.Wait()
}
