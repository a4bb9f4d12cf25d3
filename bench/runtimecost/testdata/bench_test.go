// Benchmarks of the same workloads as written (plain), as otelgen -w
// rewrites them (otelgen, generated into ./instrumented by
// bench/runtime.sh or bench/runtimecost's test, never committed) and as
// instrumented by hand (ideal). Each workload runs b.N units in one call,
// so ns/op and allocs/op are per goroutine, per item or per job, and the
// per-call spans (entry points, stage goroutines) are spread over b.N.
package runtimecost_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel"

	ideal "runtimecost/ideal"
	otelgen "runtimecost/instrumented"
	plain "runtimecost/plain"
)

// poolWorkers is the pool's size in BenchmarkPool: more workers than CPUs,
// as pools usually have.
const poolWorkers = 4

type variant struct {
	name        string
	spawnJoin   func(context.Context, int) int64
	pipeline    func(context.Context, int) int
	msgPipeline func(context.Context, int) int
	pool        func(context.Context, int, int) int
}

var variants = []variant{
	{"plain", plain.SpawnJoin, plain.Pipeline, plain.MsgPipeline, plain.Pool},
	{"otelgen", otelgen.SpawnJoin, otelgen.Pipeline, otelgen.MsgPipeline, otelgen.Pool},
	{"ideal", ideal.SpawnJoin, ideal.Pipeline, ideal.MsgPipeline, ideal.Pool},
}

// run runs one sub-benchmark per variant, named so that benchstat can put
// the variants side by side (-col /code -row .name,/sdk). Besides ns/op it
// reports cpu-ns/op, the CPU time of the whole process (every goroutine,
// the garbage collector) per unit: on a shared machine wall time measures
// the neighbours as much as the code, CPU time mostly the code.
func run(b *testing.B, workload func(b *testing.B, v variant) int64, want func(n int) int64) {
	if sdkMode == "record" {
		b.Skip("benchmarks do not run under the SpanRecorder")
	}
	for _, v := range variants {
		b.Run("sdk="+sdkMode+"/code="+v.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := cpuTime(b)
			got := workload(b, v)
			b.StopTimer()
			b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
			if w := want(b.N); got != w {
				b.Fatalf("%s computed %d, want %d", v.name, got, w)
			}
		})
	}
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSpawnJoin: ns/op and allocs/op per goroutine started and joined.
func BenchmarkSpawnJoin(b *testing.B) {
	run(b, func(b *testing.B, v variant) int64 {
		return v.spawnJoin(context.Background(), b.N)
	}, spawnJoinSum)
}

// BenchmarkPipeline: per item through gen → inc → double → sink on
// channels of int (three item spans per item when traced).
func BenchmarkPipeline(b *testing.B) {
	run(b, func(b *testing.B, v variant) int64 {
		return int64(v.pipeline(context.Background(), b.N))
	}, pipelineSum)
}

// BenchmarkMsgPipeline: BenchmarkPipeline with items that carry their own
// context field.
func BenchmarkMsgPipeline(b *testing.B) {
	run(b, func(b *testing.B, v variant) int64 {
		return int64(v.msgPipeline(context.Background(), b.N))
	}, pipelineSum)
}

// BenchmarkPool: per job on a pool of poolWorkers (two item spans per job
// when traced: the worker's and the collector's).
func BenchmarkPool(b *testing.B) {
	run(b, func(b *testing.B, v variant) int64 {
		return int64(v.pool(context.Background(), poolWorkers, b.N))
	}, poolSum)
}

// envelope has the shape of otelgenItem, the envelope templates/envelope.tmpl
// writes into an instrumented package: a context and a value.
type envelope[T any] struct {
	Ctx   context.Context
	Value T
}

// BenchmarkEnvelope isolates the plain-value envelope: one send and one
// receive on a buffered channel of int, and of an envelope of int the way
// otelgen's code sends and unwraps it. It does not depend on the SDK.
func BenchmarkEnvelope(b *testing.B) {
	if sdkMode != "none" {
		b.Skip("the envelope does not depend on the SDK; measured with sdk=none only")
	}
	ctx := context.Background()
	b.Run("code=int", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan int, 1)
		sum := 0
		cpu0 := cpuTime(b)
		for i := range b.N {
			ch <- i
			sum += <-ch
		}
		b.StopTimer()
		b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
		sinkInt = sum
	})
	b.Run("code=carry", func(b *testing.B) {
		b.ReportAllocs()
		ch := make(chan envelope[int], 1)
		sum := 0
		cpu0 := cpuTime(b)
		for i := range b.N {
			ch <- envelope[int]{Ctx: ctx, Value: i}
			it := <-ch
			sinkCtx = it.Ctx
			sum += it.Value
		}
		b.StopTimer()
		b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
		sinkInt = sum
	})
}

// BenchmarkSpan is the floor under every traced variant: one span started
// and ended with the OpenTelemetry API through a package-level tracer, as
// both otelgen's code and the hand-written code do, with nothing else.
func BenchmarkSpan(b *testing.B) {
	if sdkMode == "record" {
		b.Skip("benchmarks do not run under the SpanRecorder")
	}
	b.Run("sdk="+sdkMode, func(b *testing.B) {
		b.ReportAllocs()
		ctx := context.Background()
		cpu0 := cpuTime(b)
		for range b.N {
			c, span := apiTracer.Start(ctx, "span")
			sinkCtx = c
			span.End()
		}
		b.StopTimer()
		b.ReportMetric(float64(cpuTime(b)-cpu0)/float64(b.N), "cpu-ns/op")
	})
}

var apiTracer = otel.Tracer("runtimecost")

// Sinks keep the compiler from discarding the envelope benchmark's work.
var (
	sinkInt int
	sinkCtx context.Context
)

// The sums the workloads must compute, with the same wrapping int
// arithmetic: a variant that computes something else is not the same code.

func spawnJoinSum(n int) int64 {
	var sum int64
	for n > 0 {
		k := min(n, 100) // plain.batch
		for i := range k {
			sum += int64(i)
		}
		n -= k
	}
	return sum
}

func pipelineSum(n int) int64 {
	sum := 0
	for i := range n {
		sum += 2 * (i + 1)
	}
	return int64(sum)
}

func poolSum(n int) int64 {
	sum := 0
	for i := range n {
		sum += i * i
	}
	return int64(sum)
}
