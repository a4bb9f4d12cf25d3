package loopvar121

import "sync"

// squaresPerIteration is the same loop as squaresShared in a Go 1.22+
// file: each goroutine sees its own i.
func squaresPerIteration(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i
		}()
	}
	wg.Wait()
	return out
}
