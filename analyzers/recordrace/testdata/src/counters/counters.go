// Package counters sums and counts from goroutines, with and without the
// synchronisation that makes it safe.
package counters

import (
	"sync"
	"sync/atomic"
)

// sumRacy is the textbook data race: every goroutine does sum += i.
func sumRacy(n int) int {
	var wg sync.WaitGroup
	var sum int
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			defer wg.Done()
			sum += i // want `sum is written by the goroutine started on line 16 while other goroutines use it; guard it with a mutex, use sync/atomic, or send the value on a channel`
		}(i)
	}
	wg.Wait()
	return sum
}

func countFailures(jobs []func() error) (failed int, last error) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := job(); err != nil {
				failed++   // want `failed is written by the goroutine started on line 29`
				last = err // want `last is written by the goroutine started on line 29`
			}
		}()
	}
	wg.Wait()
	return failed, last
}

func sumAtomicFunc(n int) int64 {
	var wg sync.WaitGroup
	var sum int64
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			atomic.AddInt64(&sum, int64(i))
		}()
	}
	wg.Wait()
	return atomic.LoadInt64(&sum)
}

func sumAtomicType(n int) int64 {
	var wg sync.WaitGroup
	var sum atomic.Int64
	for i := range n {
		wg.Go(func() {
			sum.Add(int64(i))
		})
	}
	wg.Wait()
	return sum.Load()
}

func sumLockUnlock(n int) int {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		sum int
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

type stats struct {
	mu       sync.Mutex
	requests int
	bytes    int
}

func (s *stats) recordAll(sizes []int) {
	var wg sync.WaitGroup
	for _, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			defer s.mu.Unlock()
			s.requests++
			s.bytes += size
		}()
	}
	wg.Wait()
}

// recordAllLeaky unlocks before its last write.
func (s *stats) recordAllLeaky(sizes []int) {
	var wg sync.WaitGroup
	for _, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			s.requests++
			s.mu.Unlock()
			s.bytes += size // want `s\.bytes is written by the goroutine started on line 112 while other goroutines use it`
		}()
	}
	wg.Wait()
}

// recordCapped unlocks early on a branch that returns; the writes after
// the branch still run under the lock.
func (s *stats) recordCapped(sizes []int) {
	var wg sync.WaitGroup
	for _, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.mu.Lock()
			if size > 1<<20 {
				s.mu.Unlock()
				return
			}
			s.requests++
			s.bytes += size
			s.mu.Unlock()
		}()
	}
	wg.Wait()
}

type cache struct {
	mu   sync.RWMutex
	hits int
	data map[string]string
}

func (c *cache) warm(keys []string, load func(string) string) {
	var wg sync.WaitGroup
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.mu.RLock()
			_, ok := c.data[k]
			c.mu.RUnlock()
			if ok {
				return
			}
			v := load(k)
			c.mu.Lock()
			c.data[k] = v
			c.hits++
			c.mu.Unlock()
		}()
	}
	wg.Wait()
}

// hitAll writes different fields from two goroutines: no shared memory.
func hitAll(a, b func() int) (int, int) {
	var res struct{ first, second int }
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		res.first = a()
	}()
	go func() {
		defer wg.Done()
		res.second = b()
	}()
	wg.Wait()
	return res.first, res.second
}

// withLock runs f holding the stats lock.
func (s *stats) withLock(f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f()
}

func (s *stats) recordViaWrapper(sizes []int) {
	var wg sync.WaitGroup
	for _, size := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.withLock(func() {
				s.requests++
				s.bytes += size
			})
		}()
	}
	wg.Wait()
}

// loadOnce initialises shared state through sync.Once from many
// goroutines.
func loadOnce(keys []string, load func() map[string]int) int {
	var (
		once  sync.Once
		table map[string]int
		wg    sync.WaitGroup
		found atomic.Int32
	)
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			once.Do(func() {
				table = load()
			})
			if _, ok := table[k]; ok {
				found.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(found.Load())
}

// spinLock is a project's own lock with lowercase methods.
type spinLock struct{ held atomic.Bool }

func (l *spinLock) lock() {
	for !l.held.CompareAndSwap(false, true) {
	}
}
func (l *spinLock) unlock() { l.held.Store(false) }

func countWithOwnLock(n int) int {
	var l spinLock
	var wg sync.WaitGroup
	count := 0
	for range n {
		wg.Go(func() {
			l.lock()
			count++
			l.unlock()
		})
	}
	wg.Wait()
	return count
}

// registerCleanups writes from closures the goroutines hand to another
// function; they may run later, elsewhere, one at a time.
func registerCleanups(n int, register func(func())) int {
	var wg sync.WaitGroup
	closed := 0
	for range n {
		wg.Go(func() {
			register(func() { closed++ })
		})
	}
	wg.Wait()
	return closed
}
