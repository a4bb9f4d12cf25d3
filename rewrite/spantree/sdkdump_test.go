package spantree_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// A program is what a test traces: it starts and ends spans with tr and
// writes its own output with print, into the stream the exporter writes to.
type program func(tr trace.Tracer, print func(string))

// dumpOptions choose how the stdout exporter writes.
type dumpOptions struct {
	pretty       bool
	noTimestamps bool
}

// sdkDump runs p under the real SDK with the stdout exporter that
// OTEL_TRACES_EXPORTER=console selects, writing to a buffer shared with the
// program's own output, and returns the buffer and the spans as the SDK
// recorded them. Trace IDs count up from 1 in the order traces start, so
// that expected trees can name them.
func sdkDump(t *testing.T, opt dumpOptions, p program) (string, []sdktrace.ReadOnlySpan) {
	t.Helper()
	var out lockedBuffer
	opts := []stdouttrace.Option{stdouttrace.WithWriter(&out)}
	if opt.pretty {
		opts = append(opts, stdouttrace.WithPrettyPrint())
	}
	if opt.noTimestamps {
		opts = append(opts, stdouttrace.WithoutTimestamps())
	}
	exp, err := stdouttrace.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSyncer(exp), // spans are written as they end, between the program's lines
		sdktrace.WithSpanProcessor(rec),
		sdktrace.WithIDGenerator(&countingIDs{}),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "shop"))),
	)
	p(tp.Tracer("spantree-test"), func(s string) { out.Write([]byte(s)) })
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String(), rec.Ended()
}

type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// countingIDs numbers traces and spans from 1.
type countingIDs struct{ traces, spans atomic.Uint64 }

func (g *countingIDs) NewIDs(ctx context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	binary.BigEndian.PutUint64(tid[8:], g.traces.Add(1))
	return tid, g.NewSpanID(ctx, tid)
}

func (g *countingIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	var sid trace.SpanID
	binary.BigEndian.PutUint64(sid[:], g.spans.Add(1))
	return sid
}

// clock starts and ends spans at fixed offsets from one instant, so that
// durations and start order are exact whatever the goroutines' timing.
type clock struct {
	tr trace.Tracer
	t0 time.Time
}

func newClock(tr trace.Tracer) clock {
	return clock{tr: tr, t0: time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)}
}

func (c clock) start(ctx context.Context, name string, at time.Duration, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	return c.tr.Start(ctx, name, append(opts, trace.WithTimestamp(c.t0.Add(at)))...)
}

func (c clock) end(span trace.Span, at time.Duration) {
	span.End(trace.WithTimestamp(c.t0.Add(at)))
}
