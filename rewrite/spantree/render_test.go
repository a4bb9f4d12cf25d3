package spantree_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ctxtrace/ctxtrace/rewrite/spantree"
)

// shop is a request with a failing client call, a fan-out to goroutines
// that start in one order and end (and so are exported) in another, a
// span whose parent never ends, a producer span that follows program
// output on the same line; then a trace that started a second earlier but
// is exported later, and a consumer span continuing a remote trace.
func shop(tr trace.Tracer, print func(string)) {
	c := newClock(tr)
	print("listening on :8080\n")
	ctx, req := c.start(context.Background(), "GET /orders", 0, trace.WithSpanKind(trace.SpanKindServer))

	_, db := c.start(ctx, "db.query", 100*time.Microsecond, trace.WithSpanKind(trace.SpanKindClient))
	db.RecordError(errors.New("dial tcp: connection refused"))
	db.SetStatus(codes.Error, "connection refused")
	c.end(db, 1300*time.Microsecond)
	print(`{"level":"info","msg":"retrying without the cache"}` + "\n")

	fctx, fan := c.start(ctx, "fanout", 2*time.Millisecond)
	type work struct{ start, dur, itemDur time.Duration }
	works := []work{
		{2 * time.Millisecond, 3456789, 999999}, // rounds up to the next unit
		{2010 * time.Microsecond, 12345, 850},
		{2020 * time.Microsecond, 7900 * time.Microsecond, 1500 * time.Microsecond},
	}
	var wg sync.WaitGroup
	for i := len(works) - 1; i >= 0; i-- {
		w := works[i]
		wg.Go(func() {
			gctx, g := c.start(fctx, "fanout/go", w.start)
			_, item := c.start(gctx, "work", w.start+time.Microsecond)
			c.end(item, w.start+time.Microsecond+w.itemDur)
			c.end(g, w.start+w.dur)
		})
	}
	wg.Wait()
	c.end(fan, 10*time.Millisecond)

	//ctxlint:ignore spanend the stream is never ended so that its child's parent is not in the dump
	sctx, _ := c.start(ctx, "stream", 10500*time.Microsecond)
	_, chunk := c.start(sctx, "stream.chunk", 11*time.Millisecond)
	c.end(chunk, 11250*time.Microsecond)

	print("progress...")
	_, pub := c.start(ctx, "publish", 11500*time.Microsecond, trace.WithSpanKind(trace.SpanKindProducer))
	c.end(pub, 12*time.Millisecond)
	c.end(req, 12500*time.Microsecond)

	_, tick := c.start(context.Background(), "cron.tick", -time.Second)
	c.end(tick, -time.Second+2350*time.Millisecond)

	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
		Remote:     true,
	})
	_, consume := c.start(trace.ContextWithRemoteSpanContext(context.Background(), remote), "consume", 13*time.Millisecond, trace.WithSpanKind(trace.SpanKindConsumer))
	c.end(consume, 13*time.Millisecond+850)
	print("bye\n")
}

const shopTree = `trace 00000000000000000000000000000002: 1 span, 2.35s, service shop
cron.tick  2.35s

trace 00000000000000000000000000000001: 11 spans, 12.5ms, service shop
GET /orders        12.5ms  server
├── db.query        1.2ms  client  error: connection refused
├── fanout            8ms
│   ├── fanout/go  3.46ms
│   │   └── work      1ms
│   ├── fanout/go  12.3µs
│   │   └── work    850ns
│   └── fanout/go   7.9ms
│       └── work    1.5ms
└── publish         500µs  producer
stream.chunk        250µs  (parent not in dump)

trace 4bf92f3577b34da6a3ce929d0e0e4736: 1 span, 850ns, service shop
consume  850ns  consumer  (parent not in dump)
`

func TestShopTree(t *testing.T) {
	for _, pretty := range []bool{false, true} {
		name := "compact"
		if pretty {
			name = "pretty"
		}
		t.Run(name, func(t *testing.T) {
			out, _ := sdkDump(t, dumpOptions{pretty: pretty}, shop)
			d := read(t, out)
			if len(d.Spans) != 13 {
				t.Errorf("read %d spans, want the 13 the program ended", len(d.Spans))
			}
			// "progress..." shares its line with a span, which is therefore
			// not skipped.
			if d.Skipped != 3 {
				t.Errorf("skipped %d lines, want 3 (listening, the JSON log line, bye)", d.Skipped)
			}
			if d.Malformed != 0 || d.Duplicates != 0 {
				t.Errorf("malformed %d (first: %v), duplicates %d; want none", d.Malformed, d.FirstMalformed, d.Duplicates)
			}
			assertTree(t, render(t, d, spantree.Options{}), shopTree, out)
		})
	}
}

// pipeline mimics what otelgen injects into testdata/e2e/pipeline: a
// goroutine's span, and per item a span in the squaring stage with a child
// in the sink; the fourth item fails.
func pipeline(tr trace.Tracer, print func(string)) {
	c := newClock(tr)
	ctx, run := c.start(context.Background(), "main.run", 0)
	gctx, g := c.start(ctx, "main.gen/go", time.Microsecond)
	for i := range 7 {
		at := time.Duration(10*(i+1)) * time.Microsecond
		ictx, item := c.start(gctx, "main.square.func1/range in", at)
		_, sink := c.start(ictx, "main.run/range out", at+time.Microsecond)
		print("square done\n")
		c.end(sink, at+3*time.Microsecond)
		if i == 3 {
			item.SetStatus(codes.Error, "odd")
		}
		// Items 0-2 take 1, 2, 3µs; 4-6 take 2µs each.
		d := time.Duration(i+1) * time.Microsecond
		if i >= 4 {
			d = 2 * time.Microsecond
		}
		c.end(item, at+d)
	}
	c.end(g, 100*time.Microsecond)
	c.end(run, 200*time.Microsecond)
}

const pipelineTree = `trace 00000000000000000000000000000001: 16 spans, 200µs, service shop
main.run                            200µs
└── main.gen/go                      99µs
    ├── main.square.func1/range in    1µs
    │   └── main.run/range out        2µs
    ├── main.square.func1/range in    2µs
    │   └── main.run/range out        2µs
    ├── main.square.func1/range in    3µs
    │   └── main.run/range out        2µs
    ├── main.square.func1/range in    4µs  error: odd
    │   └── main.run/range out        2µs
    ├── main.square.func1/range in    2µs
    │   └── main.run/range out        2µs
    ├── main.square.func1/range in    2µs
    │   └── main.run/range out        2µs
    └── main.square.func1/range in    2µs
        └── main.run/range out        2µs
`

// Folding stops at the failed item, so an error is never hidden in a
// count, and shows one duration when a run's durations are all equal.
const pipelineFolded = `trace 00000000000000000000000000000001: 16 spans, 200µs, service shop
main.run                                 200µs
└── main.gen/go                           99µs
    ├── main.square.func1/range in ×3  1µs–3µs
    │   └── main.run/range out ×3          2µs
    ├── main.square.func1/range in         4µs  error: odd
    │   └── main.run/range out             2µs
    └── main.square.func1/range in ×3      2µs
        └── main.run/range out ×3          2µs
`

func TestFold(t *testing.T) {
	out, _ := sdkDump(t, dumpOptions{}, pipeline)
	d := read(t, out)
	assertTree(t, render(t, d, spantree.Options{}), pipelineTree, out)
	assertTree(t, render(t, d, spantree.Options{Fold: true}), pipelineFolded, out)
}

// TestRealClock traces real goroutines on the real clock: the tree's shape
// is exact, and each rendered duration is the one the SDK measured.
func TestRealClock(t *testing.T) {
	const workers = 4
	out, recorded := sdkDump(t, dumpOptions{}, func(tr trace.Tracer, print func(string)) {
		ctx, root := tr.Start(context.Background(), "batch")
		defer root.End()
		var wg sync.WaitGroup
		started := make(chan struct{})
		for i := range workers {
			wg.Go(func() {
				wctx, w := tr.Start(ctx, "batch/go")
				defer w.End()
				// The next worker starts only once this one has its span,
				// so the start order is known; they still run together.
				started <- struct{}{}
				_, sleep := tr.Start(wctx, "sleep")
				time.Sleep(time.Duration(workers-i) * 5 * time.Millisecond)
				sleep.End()
				print("worker done\n")
			})
			<-started
		}
		wg.Wait()
	})
	d := read(t, out)
	got := render(t, d, spantree.Options{})

	const want = `trace 00000000000000000000000000000001: 9 spans, D, service shop
batch D
├── batch/go D
│   └── sleep D
├── batch/go D
│   └── sleep D
├── batch/go D
│   └── sleep D
└── batch/go D
    └── sleep D
`
	if norm := normaliseDurations(got); norm != want {
		t.Errorf("tree, durations normalised:\n%s\nwant:\n%s\ndump:\n%s", norm, want, out)
	}

	// The durations are the SDK's, rendered, in the order of the workers'
	// starts.
	starts := make(map[trace.SpanID]time.Time)
	var sleeps []sdktrace.ReadOnlySpan
	for _, s := range recorded {
		starts[s.SpanContext().SpanID()] = s.StartTime()
		if s.Name() == "sleep" {
			sleeps = append(sleeps, s)
		}
	}
	slices.SortFunc(sleeps, func(a, b sdktrace.ReadOnlySpan) int {
		return starts[a.Parent().SpanID()].Compare(starts[b.Parent().SpanID()])
	})
	var wantDurations []string
	for _, s := range sleeps {
		wantDurations = append(wantDurations, spantree.FormatDuration(s.EndTime().Sub(s.StartTime())))
	}
	var gotDurations []string
	for _, l := range strings.Split(got, "\n") {
		if strings.Contains(l, "── sleep ") {
			f := strings.Fields(l)
			gotDurations = append(gotDurations, f[len(f)-1])
		}
	}
	if strings.Join(gotDurations, " ") != strings.Join(wantDurations, " ") {
		t.Errorf("sleep durations %q, want the SDK's %q", gotDurations, wantDurations)
	}
	for _, s := range gotDurations {
		if d, err := time.ParseDuration(s); err != nil || d < 5*time.Millisecond {
			t.Errorf("sleep duration %q: want at least the 5ms slept (%v)", s, err)
		}
	}
}

// durationRE matches a duration or a range of them, with the spaces that
// align it.
var durationRE = regexp.MustCompile(` +-?[0-9.]+(?:ns|µs|ms|s|m[0-9]+s)(?:–[0-9.]+(?:ns|µs|ms|s))?`)

func normaliseDurations(s string) string {
	return durationRE.ReplaceAllString(s, " D")
}

func read(t *testing.T, dump string) *spantree.Dump {
	t.Helper()
	var d spantree.Dump
	if err := d.Read(strings.NewReader(dump), "dump"); err != nil {
		t.Fatal(err)
	}
	return &d
}

func render(t *testing.T, d *spantree.Dump, opt spantree.Options) string {
	t.Helper()
	var b strings.Builder
	if err := spantree.Render(&b, spantree.Build(d.Spans), opt); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func assertTree(t *testing.T, got, want, dump string) {
	t.Helper()
	if got != want {
		t.Errorf("tree:\n%s\nwant:\n%s\nfrom the dump:\n%s", got, want, dump)
	}
}
