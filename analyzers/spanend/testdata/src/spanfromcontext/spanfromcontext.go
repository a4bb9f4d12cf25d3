// Package spanfromcontext ends spans taken from contexts: the caller's
// (a bug) and the function's own (fine).
package spanfromcontext

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/spanfromcontext")

func lookup(ctx context.Context, key string) (string, error) { return key, nil }

// resolve ends the span its caller started.
func resolve(ctx context.Context, key string) (string, error) {
	span := trace.SpanFromContext(ctx)
	defer span.End() // want "span from trace.SpanFromContext belongs to the caller, who started it: do not end it here"
	span.SetAttributes(attribute.String("key", key))
	return lookup(ctx, key)
}

// derived ends the caller's span through a derived context.
func derived(parent context.Context, key string) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	trace.SpanFromContext(ctx).End() // want "span from trace.SpanFromContext belongs to the caller"
}

// handler ends the span of the server's instrumentation middleware.
func handler(w http.ResponseWriter, r *http.Request) {
	span := trace.SpanFromContext(r.Context())
	if _, err := lookup(r.Context(), r.URL.Path); err != nil {
		span.RecordError(err)
	}
	span.End() // want "span from trace.SpanFromContext belongs to the caller"
}

// inClosure ends the caller's span in a goroutine that captures ctx.
func inClosure(ctx context.Context, done chan<- struct{}) {
	go func() {
		defer trace.SpanFromContext(ctx).End() // want "span from trace.SpanFromContext belongs to the caller"
		close(done)
	}()
}

// own started the span in ctx itself.
func own(ctx context.Context, key string) (string, error) {
	ctx, _ = tracer.Start(ctx, "own")
	span := trace.SpanFromContext(ctx)
	defer span.End()
	return lookup(ctx, key)
}

// ownChild takes the span back from the context returned by a wrapper.
func ownChild(ctx context.Context, key string) {
	child := startChild(ctx, "child")
	defer trace.SpanFromContext(child).End()
	_, _ = lookup(child, key)
}

func startChild(ctx context.Context, name string) context.Context {
	ctx, _ = tracer.Start(ctx, name)
	return ctx
}

// withSpan puts a span the function started into a context.
func withSpan(parent context.Context) {
	_, span := tracer.Start(parent, "withSpan")
	ctx := trace.ContextWithSpan(parent, span)
	trace.SpanFromContext(ctx).End()
}

// annotateOnly reads the caller's span without ending it.
func annotateOnly(ctx context.Context, key string) {
	span := trace.SpanFromContext(ctx)
	span.SetAttributes(attribute.String("key", key))
	span.AddEvent("resolved")
}

// Message carries an item's context through a queue.
type Message struct {
	Ctx  context.Context
	Body string
}

// consume ends the spans that travel in messages: the producer handed them over.
func consume(msgs <-chan Message) {
	for m := range msgs {
		trace.SpanFromContext(m.Ctx).End()
	}
}

// spawn hands its own context to a goroutine literal that ends the span.
func spawn(ctx context.Context, key string) {
	ctx, _ = tracer.Start(ctx, "spawn")
	go func(ctx context.Context) {
		defer trace.SpanFromContext(ctx).End()
		_, _ = lookup(ctx, key)
	}(ctx)
}
