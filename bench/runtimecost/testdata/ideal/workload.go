// Package workload is ../plain instrumented by hand the way a careful
// person would with the OpenTelemetry API, the floor otelgen's output is
// compared with: a span for each entry point, each goroutine SpawnJoin
// starts, each pool worker and each item in each stage that receives it;
// the context passed along (in a two-word envelope for plain values, in the
// item when it has a field for one); nothing else. Span names are the ones
// otelgen gives the same spans, so one test checks both trees.
package workload

import (
	"context"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("runtimecost/ideal")

const batch = 100

const buffer = 128

// item is the envelope a person would write for a plain value.
type item struct {
	ctx context.Context
	v   int
}

func SpawnJoin(ctx context.Context, n int) int64 {
	ctx, span := tracer.Start(ctx, "workload.SpawnJoin")
	defer span.End()
	var total atomic.Int64
	for n > 0 {
		k := min(n, batch)
		var wg sync.WaitGroup
		wg.Add(k)
		for i := range k {
			go func() {
				defer wg.Done()
				_, span := tracer.Start(ctx, "workload.SpawnJoin/go")
				defer span.End()
				total.Add(int64(i))
			}()
		}
		wg.Wait()
		n -= k
	}
	return total.Load()
}

func Pipeline(ctx context.Context, n int) int {
	ctx, span := tracer.Start(ctx, "workload.Pipeline")
	defer span.End()
	sum := 0
	for it := range double(inc(gen(ctx, n))) {
		_, span := tracer.Start(it.ctx, "workload.Pipeline/range double()")
		sum += it.v
		span.End()
	}
	return sum
}

func gen(ctx context.Context, n int) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out)
		for i := range n {
			out <- item{ctx, i}
		}
	}()
	return out
}

func inc(in <-chan item) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out)
		for it := range in {
			ctx, span := tracer.Start(it.ctx, "workload.inc.func1/range in")
			out <- item{ctx, it.v + 1}
			span.End()
		}
	}()
	return out
}

func double(in <-chan item) <-chan item {
	out := make(chan item, buffer)
	go func() {
		defer close(out)
		for it := range in {
			ctx, span := tracer.Start(it.ctx, "workload.double.func1/range in")
			out <- item{ctx, 2 * it.v}
			span.End()
		}
	}()
	return out
}

type Msg struct {
	Ctx context.Context
	N   int
}

func MsgPipeline(ctx context.Context, n int) int {
	ctx, span := tracer.Start(ctx, "workload.MsgPipeline")
	defer span.End()
	sum := 0
	for m := range doubleMsg(incMsg(genMsg(ctx, n))) {
		_, span := tracer.Start(m.Ctx, "workload.MsgPipeline/range doubleMsg()")
		sum += m.N
		span.End()
	}
	return sum
}

func genMsg(ctx context.Context, n int) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for i := range n {
			out <- Msg{Ctx: ctx, N: i}
		}
	}()
	return out
}

func incMsg(in <-chan Msg) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for m := range in {
			ctx, span := tracer.Start(m.Ctx, "workload.incMsg.func1/range in")
			out <- Msg{Ctx: ctx, N: m.N + 1}
			span.End()
		}
	}()
	return out
}

func doubleMsg(in <-chan Msg) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for m := range in {
			ctx, span := tracer.Start(m.Ctx, "workload.doubleMsg.func1/range in")
			out <- Msg{Ctx: ctx, N: 2 * m.N}
			span.End()
		}
	}()
	return out
}

func Pool(ctx context.Context, workers, n int) int {
	ctx, span := tracer.Start(ctx, "workload.Pool")
	defer span.End()
	jobs := make(chan item, buffer)
	results := make(chan item, buffer)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		go worker(ctx, jobs, results, &wg)
	}
	go func() {
		defer close(jobs)
		for j := range n {
			jobs <- item{ctx, j}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for it := range results {
		_, span := tracer.Start(it.ctx, "workload.Pool/range results")
		sum += it.v
		span.End()
	}
	return sum
}

func worker(ctx context.Context, jobs <-chan item, results chan<- item, wg *sync.WaitGroup) {
	defer wg.Done()
	_, span := tracer.Start(ctx, "workload.worker")
	defer span.End()
	for it := range jobs {
		ctx, span := tracer.Start(it.ctx, "workload.worker/range jobs")
		results <- item{ctx, it.v * it.v}
		span.End()
	}
}
