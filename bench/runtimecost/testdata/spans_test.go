package runtimecost_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// rule says that a run makes count spans named name, each a child of a span
// named parent ("test" is the test's own root span). With oneEach, the
// parents are count distinct spans: each item's span in one stage is the
// child of its span in the stage before, as otelgen documents.
type rule struct {
	name    string
	count   int
	parent  string
	oneEach bool
}

// Small runs: enough units to tell a chain from a fan.
const (
	testN       = 5
	testWorkers = 3
)

// pipelineRules is the tree of a pipeline run whose item spans are s1, s2
// and s3 and whose first stage receives items sent from a span named
// sender; fixed are the variant's other spans.
func pipelineRules(entry, sender, s1, s2, s3 string, fixed ...rule) []rule {
	return append([]rule{
		{entry, 1, "test", false},
		{s1, testN, sender, false},
		{s2, testN, s1, true},
		{s3, testN, s2, true},
	}, fixed...)
}

// instrumentedPipeline is what otelgen adds besides the item spans: a span
// for each stage's constructor (a context-first function) and for the
// goroutine it starts.
func instrumentedPipeline(entry string, stages ...string) []rule {
	var rules []rule
	for _, s := range stages {
		rules = append(rules, rule{s, 1, entry, false}, rule{s + "/go", 1, s, false})
	}
	return rules
}

// wantTrees is, per variant and workload, the span tree one run must make.
var wantTrees = map[string]map[string][]rule{
	"plain": {"SpawnJoin": nil, "Pipeline": nil, "MsgPipeline": nil, "Pool": nil},
	"otelgen": {
		"SpawnJoin": {
			{"workload.SpawnJoin", 1, "test", false},
			{"workload.SpawnJoin/go", testN, "workload.SpawnJoin", false},
		},
		"Pipeline": pipelineRules("workload.Pipeline", "workload.gen/go",
			"workload.inc.func1/range in", "workload.double.func1/range in", "workload.Pipeline/range double()",
			instrumentedPipeline("workload.Pipeline", "workload.gen", "workload.inc", "workload.double")...),
		"MsgPipeline": pipelineRules("workload.MsgPipeline", "workload.genMsg/go",
			"workload.incMsg.func1/range in", "workload.doubleMsg.func1/range in", "workload.MsgPipeline/range doubleMsg()",
			instrumentedPipeline("workload.MsgPipeline", "workload.genMsg", "workload.incMsg", "workload.doubleMsg")...),
		"Pool": {
			{"workload.Pool", 1, "test", false},
			{"workload.worker", testWorkers, "workload.Pool", false},
			// One goroutine feeds the jobs, one closes the results.
			{"workload.Pool/go", 2, "workload.Pool", false},
			{"workload.worker/range jobs", testN, "workload.Pool/go", false},
			{"workload.Pool/range results", testN, "workload.worker/range jobs", true},
		},
	},
	"ideal": {
		"SpawnJoin": {
			{"workload.SpawnJoin", 1, "test", false},
			{"workload.SpawnJoin/go", testN, "workload.SpawnJoin", false},
		},
		"Pipeline": pipelineRules("workload.Pipeline", "workload.Pipeline",
			"workload.inc.func1/range in", "workload.double.func1/range in", "workload.Pipeline/range double()"),
		"MsgPipeline": pipelineRules("workload.MsgPipeline", "workload.MsgPipeline",
			"workload.incMsg.func1/range in", "workload.doubleMsg.func1/range in", "workload.MsgPipeline/range doubleMsg()"),
		"Pool": {
			{"workload.Pool", 1, "test", false},
			{"workload.worker", testWorkers, "workload.Pool", false},
			{"workload.worker/range jobs", testN, "workload.Pool", false},
			{"workload.Pool/range results", testN, "workload.worker/range jobs", true},
		},
	},
}

// TestSpans runs each workload of each variant once under a recording SDK
// and checks its span tree, so that the benchmarks measure code that
// really traces what it should. It runs only with RUNTIMECOST_SDK=record.
func TestSpans(t *testing.T) {
	if sdkMode != "record" {
		t.Skipf("needs %s=record", sdkEnv)
	}
	for _, v := range variants {
		workloads := []struct {
			name string
			run  func(ctx context.Context) (got, want int64)
		}{
			{"SpawnJoin", func(ctx context.Context) (int64, int64) { return v.spawnJoin(ctx, testN), spawnJoinSum(testN) }},
			{"Pipeline", func(ctx context.Context) (int64, int64) { return int64(v.pipeline(ctx, testN)), pipelineSum(testN) }},
			{"MsgPipeline", func(ctx context.Context) (int64, int64) {
				return int64(v.msgPipeline(ctx, testN)), pipelineSum(testN)
			}},
			{"Pool", func(ctx context.Context) (int64, int64) {
				return int64(v.pool(ctx, testWorkers, testN)), poolSum(testN)
			}},
		}
		for _, w := range workloads {
			t.Run(v.name+"/"+w.name, func(t *testing.T) {
				rules, ok := wantTrees[v.name][w.name]
				if !ok {
					t.Fatalf("no expected tree for %s/%s", v.name, w.name)
				}
				recorder.Reset()
				ctx, root := otel.Tracer("test").Start(context.Background(), "test")
				got, want := w.run(ctx)
				root.End()
				if got != want {
					t.Errorf("computed %d, want %d", got, want)
				}
				checkTree(t, awaitSpans(rules), root.SpanContext(), rules)
			})
		}
	}
}

// awaitSpans returns the ended spans once as many as rules expect have
// ended: a goroutine may end its span just after the workload returned
// (otelgen's deferred span.End runs after the program's own wg.Done). It
// waits a little longer for spans beyond those, which must not exist.
func awaitSpans(rules []rule) []sdktrace.ReadOnlySpan {
	want := 1
	for _, r := range rules {
		want += r.count
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(recorder.Ended()) < want && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	return recorder.Ended()
}

func checkTree(t *testing.T, spans []sdktrace.ReadOnlySpan, root trace.SpanContext, rules []rule) {
	t.Helper()
	byID := make(map[trace.SpanID]sdktrace.ReadOnlySpan)
	byName := make(map[string][]sdktrace.ReadOnlySpan)
	for _, s := range spans {
		byID[s.SpanContext().SpanID()] = s
		byName[s.Name()] = append(byName[s.Name()], s)
		if s.SpanContext().TraceID() != root.TraceID() {
			t.Errorf("span %s is in trace %s, not the test's %s", s.Name(), s.SpanContext().TraceID(), root.TraceID())
		}
	}
	defer func() {
		if t.Failed() {
			t.Logf("spans:\n%s", describe(spans, byID))
		}
	}()
	if len(byName["test"]) != 1 {
		t.Fatalf("%d spans named test, want the test's root only", len(byName["test"]))
	}
	known := map[string]bool{"test": true}
	for _, r := range rules {
		known[r.name] = true
		got := byName[r.name]
		if len(got) != r.count {
			t.Errorf("%d spans %q, want %d", len(got), r.name, r.count)
		}
		parents := make(map[trace.SpanID]bool)
		for _, s := range got {
			p, ok := byID[s.Parent().SpanID()]
			switch {
			case !ok:
				t.Errorf("span %q has no recorded parent (%s)", r.name, s.Parent().SpanID())
			case p.Name() != r.parent:
				t.Errorf("span %q is a child of %q, want %q", r.name, p.Name(), r.parent)
			}
			parents[s.Parent().SpanID()] = true
		}
		if r.oneEach && len(parents) != len(got) {
			t.Errorf("%d spans %q have %d distinct parents %q, want one each", len(got), r.name, len(parents), r.parent)
		}
	}
	for name, got := range byName {
		if !known[name] {
			t.Errorf("%d unexpected spans %q", len(got), name)
		}
	}
}

func describe(spans []sdktrace.ReadOnlySpan, byID map[trace.SpanID]sdktrace.ReadOnlySpan) string {
	var b strings.Builder
	for _, s := range spans {
		parent := "-"
		if p, ok := byID[s.Parent().SpanID()]; ok {
			parent = fmt.Sprintf("%s %s", p.Name(), p.SpanContext().SpanID())
		}
		fmt.Fprintf(&b, "  %s %s <- %s\n", s.Name(), s.SpanContext().SpanID(), parent)
	}
	return b.String()
}
