// Package clean is idiomatic, correctly instrumented concurrent code: the
// shapes otelgen produces and that every ctxtrace analyzer must accept.
// Nothing in it may be reported.
package clean

import (
	"context"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/clean")

// Job is one unit of work for the pool.
type Job struct{ ID int }

// Result is what a worker makes of a job.
type Result struct {
	ID    int
	Value int
}

// RunPool runs a bounded worker pool: each worker gets the context as an
// argument and starts a child span per job.
func RunPool(ctx context.Context, jobs []Job, workers int) []Result {
	ctx, span := tracer.Start(ctx, "RunPool")
	defer span.End()

	in := make(chan Job)
	out := make(chan Result, len(jobs))
	var processed atomic.Int64
	var wg sync.WaitGroup
	for id := range workers {
		wg.Add(1)
		go worker(ctx, id, in, out, &wg, &processed)
	}
	for _, j := range jobs {
		in <- j
	}
	close(in)
	wg.Wait()
	close(out)

	results := make([]Result, 0, len(jobs))
	for r := range out {
		results = append(results, r)
	}
	span.SetAttributes(attribute.Int64("processed", processed.Load()))
	return results
}

func worker(ctx context.Context, id int, in <-chan Job, out chan<- Result, wg *sync.WaitGroup, processed *atomic.Int64) {
	defer wg.Done()
	for j := range in {
		_, span := tracer.Start(ctx, "job", trace.WithAttributes(attribute.Int("worker", id)))
		out <- Result{ID: j.ID, Value: j.ID * 2}
		processed.Add(1)
		span.End()
	}
}

// Squares writes each result into its own pre-sized slot.
func Squares(ctx context.Context, n int) []int {
	ctx, span := tracer.Start(ctx, "Squares")
	defer span.End()
	results := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, span := tracer.Start(ctx, "square")
			defer span.End()
			results[i] = i * i
		})
	}
	wg.Wait()
	return results
}

// Tally guards a shared map and counter with a mutex.
func Tally(ctx context.Context, words []string) (map[string]int, int) {
	var mu sync.Mutex
	counts := make(map[string]int)
	total := 0
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Go(func() {
			_, span := tracer.Start(ctx, "count")
			defer span.End()
			mu.Lock()
			defer mu.Unlock()
			counts[w]++
			total++
		})
	}
	wg.Wait()
	return counts, total
}

// Check records a failure on its span before returning it.
func Check(ctx context.Context, ok bool) (err error) {
	_, span := tracer.Start(ctx, "Check")
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}()
	if !ok {
		return context.Canceled
	}
	return nil
}
