// Package workload is the untraced code whose cost the benchmarks compare
// with otelgen's instrumentation of it (generated from this package into
// ../instrumented) and with hand-written instrumentation (../ideal). Every
// entry point takes the caller's context first, as otelgen expects, and
// runs n units of work, so that a benchmark passing b.N reports ns/op per
// goroutine, per item or per job.
package workload

import (
	"context"
	"sync"
	"sync/atomic"
)

// batch is how many goroutines SpawnJoin has alive at once: enough to
// overlap their start-up, few enough that b.N goroutines never pile up.
const batch = 100

// buffer is every channel's capacity: stages hand items over without a
// goroutine switch per item, as throughput pipelines do.
const buffer = 128

// SpawnJoin starts n goroutines that each do trivial work, waiting for each
// batch of them to finish, and returns the sum of their work.
func SpawnJoin(ctx context.Context, n int) int64 {
	var total atomic.Int64
	for n > 0 {
		k := min(n, batch)
		var wg sync.WaitGroup
		wg.Add(k)
		for i := range k {
			go func() {
				defer wg.Done()
				total.Add(int64(i))
			}()
		}
		wg.Wait()
		n -= k
	}
	return total.Load()
}

// Pipeline sends 0..n-1 through two stages, gen → inc → double → sink, on
// channels of int, and returns the sum of what reaches the sink.
func Pipeline(ctx context.Context, n int) int {
	sum := 0
	for v := range double(ctx, inc(ctx, gen(ctx, n))) {
		sum += v
	}
	return sum
}

func gen(ctx context.Context, n int) <-chan int {
	out := make(chan int, buffer)
	go func() {
		defer close(out)
		for i := range n {
			out <- i
		}
	}()
	return out
}

func inc(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int, buffer)
	go func() {
		defer close(out)
		for v := range in {
			out <- v + 1
		}
	}()
	return out
}

func double(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int, buffer)
	go func() {
		defer close(out)
		for v := range in {
			out <- 2 * v
		}
	}()
	return out
}

// Msg is a pipeline item that carries its own context, as code written
// with tracing in mind passes one along with each item.
type Msg struct {
	Ctx context.Context
	N   int
}

// MsgPipeline is Pipeline on channels of Msg.
func MsgPipeline(ctx context.Context, n int) int {
	sum := 0
	for m := range doubleMsg(ctx, incMsg(ctx, genMsg(ctx, n))) {
		sum += m.N
	}
	return sum
}

func genMsg(ctx context.Context, n int) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for i := range n {
			out <- Msg{N: i}
		}
	}()
	return out
}

func incMsg(ctx context.Context, in <-chan Msg) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for m := range in {
			out <- Msg{N: m.N + 1}
		}
	}()
	return out
}

func doubleMsg(ctx context.Context, in <-chan Msg) <-chan Msg {
	out := make(chan Msg, buffer)
	go func() {
		defer close(out)
		for m := range in {
			out <- Msg{N: 2 * m.N}
		}
	}()
	return out
}

// Pool squares 0..n-1 on workers goroutines that share one jobs channel
// and one results channel, and returns the sum of the squares.
func Pool(ctx context.Context, workers, n int) int {
	jobs := make(chan int, buffer)
	results := make(chan int, buffer)
	var wg sync.WaitGroup
	wg.Add(workers)
	for range workers {
		go worker(ctx, jobs, results, &wg)
	}
	go func() {
		defer close(jobs)
		for j := range n {
			jobs <- j
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	sum := 0
	for r := range results {
		sum += r
	}
	return sum
}

func worker(ctx context.Context, jobs <-chan int, results chan<- int, wg *sync.WaitGroup) {
	defer wg.Done()
	for j := range jobs {
		results <- j * j
	}
}
