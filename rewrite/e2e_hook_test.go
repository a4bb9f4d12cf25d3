package rewrite_test

// e2eHookSource is the test file written into each rewritten example. It
// lives in package main so that it can call main, and it imports the SDK
// the example itself never mentions: the rewriter's output only talks to
// the global tracer provider, which this test replaces with a recording
// one before main runs.
//
// A span may end a little after main returns without anything being wrong:
// a goroutine that closes its output channel in a defer ends its own span
// only after the close, and the close is what lets main finish. So the
// hook waits, boundedly, for the started spans to end before it shuts the
// provider down; a span that is really never ended stays unended and is
// reported as such.
const e2eHookSource = `package main

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func TestE2EHook(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	otel.SetTracerProvider(tp)

	out, err := os.Create(os.Getenv("E2E_STDOUT"))
	if err != nil {
		t.Fatal(err)
	}
	stdout := os.Stdout
	os.Stdout = out
	main()
	os.Stdout = stdout
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}

	ended := func() map[trace.SpanID]sdktrace.ReadOnlySpan {
		m := make(map[trace.SpanID]sdktrace.ReadOnlySpan)
		for _, s := range rec.Ended() {
			m[s.SpanContext().SpanID()] = s
		}
		return m
	}
	for deadline := time.Now().Add(2 * time.Second); len(ended()) < len(rec.Started()) && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	done := ended()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}

	type link struct{ TraceID, SpanID string }
	type span struct {
		Name, TraceID, SpanID, ParentSpanID string
		Links                               []link
		Status, StatusDescription           string
		Ended                               bool
	}
	var spans []span
	for _, started := range rec.Started() {
		var s sdktrace.ReadOnlySpan = started
		e, isEnded := done[started.SpanContext().SpanID()]
		if isEnded {
			s = e
		}
		js := span{
			Name:              s.Name(),
			TraceID:           s.SpanContext().TraceID().String(),
			SpanID:            s.SpanContext().SpanID().String(),
			Status:            s.Status().Code.String(),
			StatusDescription: s.Status().Description,
			Ended:             isEnded,
		}
		if p := s.Parent(); p.IsValid() {
			js.ParentSpanID = p.SpanID().String()
		}
		for _, l := range s.Links() {
			js.Links = append(js.Links, link{l.SpanContext.TraceID().String(), l.SpanContext.SpanID().String()})
		}
		spans = append(spans, js)
	}
	data, err := json.Marshal(spans)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(os.Getenv("E2E_SPANS"), data, 0o644); err != nil {
		t.Fatal(err)
	}
}
`
