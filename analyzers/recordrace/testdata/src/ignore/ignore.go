// Package ignore shows the //ctxlint:ignore directive for recordrace.
package ignore

import "sync"

// bestEffortHits counts approximately on purpose.
func bestEffortHits(keys []string, hit func(string) bool) int {
	var wg sync.WaitGroup
	hits := 0
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if hit(k) {
				//ctxlint:ignore recordrace approximate metric, a lost update is fine
				hits++
			}
		}()
	}
	wg.Wait()
	return hits
}

// misses is the same without the directive.
func misses(keys []string, hit func(string) bool) int {
	var wg sync.WaitGroup
	n := 0
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !hit(k) {
				n++ // want `n is written by the goroutine started on line 30`
			}
		}()
	}
	wg.Wait()
	return n
}

// otherAnalyzer names a different analyzer: the report stays.
func otherAnalyzer(keys []string) int {
	var wg sync.WaitGroup
	n := 0
	for range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n++ //ctxlint:ignore spanend not this analyzer // want `n is written by the goroutine started on line 47`
		}()
	}
	wg.Wait()
	return n
}

// sampled tolerates lost updates in the whole function.
//
//ctxlint:ignore recordrace sampling counter, precision not needed
func sampled(keys []string) int {
	var wg sync.WaitGroup
	n := 0
	for range keys {
		wg.Go(func() { n++ })
	}
	wg.Wait()
	return n
}
