package spanctx

import (
	"context"

	"go.opentelemetry.io/otel/trace"
)

type attrsFunc func(ctx context.Context, query string) []string

// Negative: a span factory builds the span for its caller; the parent
// context it gives the attributes callback sets the span up.
func createSpan(ctx context.Context, tracer trace.Tracer, attrs attrsFunc, query string) (context.Context, trace.Span) {
	spanCtx, span := tracer.Start(ctx, query)
	_ = attrs(ctx, query)
	return spanCtx, span
}

// Positive twin: the same code ending the span itself does work under it.
func runSpan(ctx context.Context, tracer trace.Tracer, attrs attrsFunc, query string) context.Context {
	spanCtx, span := tracer.Start(ctx, query)
	defer span.End()
	_ = attrs(ctx, query) // want `ctx is the context from before the span started on line 21; pass spanCtx so callees are children of the span`
	return spanCtx
}
