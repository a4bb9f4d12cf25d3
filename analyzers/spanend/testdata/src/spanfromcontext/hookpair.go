package spanfromcontext

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

// queryTracer is a database tracer's hook pair: the start hook starts a
// span and hands it back in the context; the end hook ends it.
type queryTracer struct{ tracer trace.Tracer }

func (t *queryTracer) TraceQueryStart(ctx context.Context, sql string) context.Context {
	ctx, _ = t.tracer.Start(ctx, sql)
	return ctx
}

// Negative: the end hook of the pair ends the span its start hook made.
func (t *queryTracer) TraceQueryEnd(ctx context.Context, err error) {
	span := trace.SpanFromContext(ctx)
	if err != nil {
		span.RecordError(err)
	}
	span.End()
}

// Positive twin: an end hook whose start hook does not exist.
func (t *queryTracer) TraceCopyEnd(ctx context.Context) {
	span := trace.SpanFromContext(ctx)
	span.End() // want "span from trace.SpanFromContext belongs to the caller"
}

// Positive twin: a start "hook" that ends its own span hands nothing off.
func (t *queryTracer) TraceBatchStart(ctx context.Context) context.Context {
	_, span := t.tracer.Start(ctx, "batch")
	span.End()
	return ctx
}

func (t *queryTracer) TraceBatchEnd(ctx context.Context) {
	trace.SpanFromContext(ctx).End() // want "span from trace.SpanFromContext belongs to the caller"
}
