// Package handoff has spans whose ownership leaves the function that
// started them, and callers of a wrapper that own the span they get.
package handoff

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/handoff")

// startSpan is a wrapper: it returns the span, the caller ends it.
func startSpan(ctx context.Context, name string) (context.Context, trace.Span) {
	ctx, span := tracer.Start(ctx, name)
	span.SetAttributes(attribute.String("component", "handoff"))
	return ctx, span
}

// startSpanDirect returns the start's results as they are.
func startSpanDirect(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindInternal))
}

func query(ctx context.Context, q string) error {
	if q == "" {
		return errors.New("empty query")
	}
	return nil
}

// callerForgets never ends the span the wrapper gave it.
func callerForgets(ctx context.Context, q string) error {
	ctx, span := startSpan(ctx, "query") // want "span is not ended on all paths"
	span.AddEvent("querying")
	return query(ctx, q) // want "this return statement may be reached"
}

// callerEarlyReturn ends it on one path only.
func callerEarlyReturn(ctx context.Context, q string) error {
	ctx, span := startSpanDirect(ctx, "query") // want "span is not ended on all paths"
	if q == "" {
		return nil // want "this return statement may be reached"
	}
	defer span.End()
	return query(ctx, q)
}

// callerEnds ends the wrapper's span.
func callerEnds(ctx context.Context, q string) error {
	ctx, span := startSpan(ctx, "query")
	defer span.End()
	return query(ctx, q)
}

// Conn keeps the span of its lifetime in a field; Close ends it.
type Conn struct {
	span trace.Span
	ctx  context.Context
}

func Open(ctx context.Context) (*Conn, error) {
	ctx, span := tracer.Start(ctx, "conn")
	c := &Conn{ctx: ctx}
	c.span = span
	return c, nil
}

func OpenLiteral(ctx context.Context) *Conn {
	ctx, span := tracer.Start(ctx, "conn")
	return &Conn{span: span, ctx: ctx}
}

// OpenDirect starts the span straight into the fields.
func (c *Conn) Reopen(ctx context.Context) {
	c.ctx, c.span = tracer.Start(ctx, "conn")
}

func (c *Conn) Close() { c.span.End() }

// sendSpan sends the span to a finisher goroutine.
func sendSpan(ctx context.Context, finish chan<- trace.Span) {
	_, span := tracer.Start(ctx, "queued")
	finish <- span
}

// register passes the span to a tracker.
type Tracker struct {
	mu    sync.Mutex
	spans map[string]trace.Span
}

func (t *Tracker) Track(id string, span trace.Span) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.spans[id] = span
}

func register(ctx context.Context, t *Tracker, id string) {
	_, span := tracer.Start(ctx, "tracked")
	t.Track(id, span)
}

// storeInMap keeps the span in a map element.
func storeInMap(ctx context.Context, open map[string]trace.Span, id string) {
	_, span := tracer.Start(ctx, "open")
	open[id] = span
}

// collect appends the spans to a slice the caller ends.
func collect(ctx context.Context, names []string) []trace.Span {
	var spans []trace.Span
	for _, n := range names {
		_, span := tracer.Start(ctx, n)
		spans = append(spans, span)
	}
	return spans
}

// background ends the span in a goroutine that outlives the function.
func background(ctx context.Context, q string) {
	ctx, span := tracer.Start(ctx, "background")
	go func() {
		defer span.End()
		_ = query(ctx, q)
	}()
}

// callback captures the span in a closure that someone else calls.
func callback(ctx context.Context, onDone func(func())) {
	_, span := tracer.Start(ctx, "callback")
	onDone(func() { span.End() })
}

// alias copies the span to another variable that is ended.
func alias(ctx context.Context) {
	_, span := tracer.Start(ctx, "alias")
	s := span
	defer s.End()
}

// namedResults returns the span through a named result.
func namedResults(ctx context.Context) (out context.Context, span trace.Span) {
	out, span = tracer.Start(ctx, "named")
	if ctx == nil {
		return
	}
	span.AddEvent("started")
	return
}

// passAll forwards both results to another function.
func passAll(ctx context.Context) {
	track(tracer.Start(ctx, "forwarded"))
}

func track(ctx context.Context, span trace.Span) { span.End() }

// deferredRecover ends whatever span the variable holds when it returns:
// the closure captured the variable before the start.
func deferredRecover(ctx context.Context, q string) error {
	var span trace.Span
	defer func() {
		if span != nil {
			span.End()
		}
	}()
	ctx, span = tracer.Start(ctx, "deferredRecover")
	if q == "" {
		return errors.New("empty")
	}
	return query(ctx, q)
}
