// Package funcvalues holds goroutines that run a closure stored in a local
// variable, next to look-alikes that are ordered or not bound to one
// literal.
package funcvalues

import (
	"fmt"
	"sync"

	"golang.org/x/sync/errgroup"
)

func storedClosure(xs []int) int {
	sum := 0
	var wg sync.WaitGroup
	for _, v := range xs {
		f := func() {
			defer wg.Done()
			sum += v // want `sum is written by the goroutine started on line 22 while other goroutines use it`
		}
		wg.Add(1)
		go f()
	}
	wg.Wait()
	return sum
}

func storedClosureLocked(xs []int) int {
	sum := 0
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, v := range xs {
		f := func() {
			defer wg.Done()
			mu.Lock()
			sum += v
			mu.Unlock()
		}
		wg.Add(1)
		go f()
	}
	wg.Wait()
	return sum
}

func localFuncWithArg(c chan int) int {
	total := 0
	output := func(c chan int) {
		for v := range c {
			total += v // want `total is written by the goroutine started on line 53 while the function that started it uses it without waiting`
		}
	}
	go output(c)
	fmt.Println(total)
	return total
}

func groupTask(n int) error {
	var g errgroup.Group
	count := 0
	task := func() error {
		count++ // want `count is written by the goroutine started on line 66 while other goroutines use it`
		return nil
	}
	for i := 0; i < n; i++ {
		g.Go(task)
	}
	return g.Wait()
}

// reassigned holds different literals over time: not followed.
func reassigned(n int) {
	count := 0
	f := func() { count++ }
	f = func() {}
	for i := 0; i < n; i++ {
		go f()
	}
}
