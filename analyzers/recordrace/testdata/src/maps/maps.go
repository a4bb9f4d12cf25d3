// Package maps fills and prunes maps from goroutines.
package maps

import (
	"context"
	"net/http"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("maps")

// probeAll records each host's latency in a plain map from many goroutines.
func probeAll(ctx context.Context, hosts []string, probe func(context.Context, string) time.Duration) map[string]time.Duration {
	latency := make(map[string]time.Duration)
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx, span := tracer.Start(ctx, "probe")
			defer span.End()
			latency[h] = probe(ctx, h) // want `map latency is modified by the goroutine started on line 21 while other goroutines use it; guard it with a mutex, use sync.Map, or send the entries on a channel`
		}()
	}
	wg.Wait()
	return latency
}

type registry struct {
	sessions map[string]time.Time
}

// expire deletes from the registry's map concurrently.
func (r *registry) expire(ids []string) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			delete(r.sessions, id) // want `map r\.sessions is modified by the goroutine started on line 40`
		})
	}
	wg.Wait()
}

// probeAllSyncMap uses sync.Map, whose methods synchronise.
func probeAllSyncMap(ctx context.Context, hosts []string, probe func(context.Context, string) time.Duration) *sync.Map {
	var latency sync.Map
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			latency.Store(h, probe(ctx, h))
			latency.Delete(h + ".old")
		}()
	}
	wg.Wait()
	return &latency
}

// headersPerRequest builds a map inside each goroutine and sends it.
func headersPerRequest(reqs []*http.Request) []map[string]string {
	out := make(chan map[string]string, len(reqs))
	for _, req := range reqs {
		go func() {
			h := make(map[string]string)
			for k := range req.Header {
				h[k] = req.Header.Get(k)
			}
			delete(h, "Authorization")
			out <- h
		}()
	}
	var all []map[string]string
	for range reqs {
		all = append(all, <-out)
	}
	return all
}

// probeAllLocked guards the map with a mutex.
func probeAllLocked(ctx context.Context, hosts []string, probe func(context.Context, string) time.Duration) map[string]time.Duration {
	var mu sync.Mutex
	latency := make(map[string]time.Duration)
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := probe(ctx, h)
			mu.Lock()
			defer mu.Unlock()
			latency[h] = d
		}()
	}
	wg.Wait()
	return latency
}

// countWords gives each goroutine its own map in a pre-sized slice.
func countWords(shards [][]string) []map[string]int {
	counts := make([]map[string]int, len(shards))
	var wg sync.WaitGroup
	for i, shard := range shards {
		counts[i] = make(map[string]int)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, w := range shard {
				counts[i][w]++
			}
		}()
	}
	wg.Wait()
	return counts
}
