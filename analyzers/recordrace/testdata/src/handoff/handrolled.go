package handoff

import (
	"sync"
	"sync/atomic"
)

// Alternate has two goroutines take turns through an atomic handshake:
// the writer publishes with an atomic store, the other spins on the
// atomic load before it goes on. The writes are ordered: not reported.
func Alternate(n int32) (int32, int32) {
	var shared struct {
		signal int32
		a, b   int32
	}
	done := make(chan bool, 2)
	for p := int32(0); p < 2; p++ {
		go func(p int32) {
			for i := int32(1); i < n; i++ {
				if (i+p)%2 == 0 {
					shared.a = i
					shared.b = i * 2
					atomic.StoreInt32(&shared.signal, i)
				} else {
					for atomic.LoadInt32(&shared.signal) != i {
					}
				}
			}
			done <- true
		}(p)
	}
	<-done
	<-done
	return shared.a, shared.b
}

// CountAndCollect counts atomically but appends without a lock: the
// atomic counter orders nothing, so the append is reported.
func CountAndCollect(items []int) []int {
	var seen atomic.Int64
	var out []int
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			seen.Add(1)
			out = append(out, it) // want `out is appended to by the goroutine started on line 44 while other goroutines use it`
		})
	}
	wg.Wait()
	return out
}

// Ring passes a token around a ring of channels: only the goroutine that
// holds it increments next, so the writes are ordered: not reported.
func Ring(workers, limit int) int {
	ring := make([]chan bool, workers)
	for i := range ring {
		ring[i] = make(chan bool)
	}
	next := 0
	var wg sync.WaitGroup
	for id := range workers {
		wg.Go(func() {
			for {
				if _, ok := <-ring[id]; !ok {
					return
				}
				following := ring[(id+1)%len(ring)]
				if next >= limit {
					close(following)
					return
				}
				next++
				following <- true
			}
		})
	}
	ring[0] <- true
	wg.Wait()
	return next
}

// Collect receives from one channel and sends on another, like a worker
// pool: several workers append at once, so the append is reported.
func Collect(in <-chan int, out chan<- int, workers int) []int {
	var got []int
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for v := range in {
				got = append(got, v) // want `got is appended to by the goroutine started on line 89 while other goroutines use it`
				out <- v
			}
		})
	}
	wg.Wait()
	return got
}
