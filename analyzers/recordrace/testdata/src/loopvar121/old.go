//go:build go1.21

// Package loopvar121 shows that the same code means different things
// before and after Go 1.22's per-iteration loop variables.
package loopvar121

import "sync"

// squaresShared is from a Go 1.21 file: i is one variable for the whole
// loop, so every goroutine may write the same, changing slot.
func squaresShared(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i // want `out\[i\] is written by the goroutine started on line 16 while other goroutines use it`
		}()
	}
	wg.Wait()
	return out
}

// squaresParam is the pre-1.22 fix: pass the index as a parameter.
func squaresParam(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			out[i] = i * i
		}(i)
	}
	wg.Wait()
	return out
}

// labelsShared ranges with := in a Go 1.21 file: k and v are shared.
func labelsShared(in map[string]string) []string {
	out := make([]string, len(in))
	var wg sync.WaitGroup
	pos := 0
	for k, v := range in {
		wg.Add(1)
		slot := pos
		go func() {
			defer wg.Done()
			out[slot] = k + "=" + v
		}()
		pos++
	}
	wg.Wait()
	return out
}
