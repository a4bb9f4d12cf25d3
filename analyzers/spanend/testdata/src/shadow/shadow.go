// Package shadow has span and context variables shadowed in inner scopes.
package shadow

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/shadow")

func step(ctx context.Context, n int) error { return nil }

// innerLeaks ends the outer span but not the inner one of the same name.
func innerLeaks(ctx context.Context, n int) error {
	ctx, span := tracer.Start(ctx, "outer")
	defer span.End()
	if n > 0 {
		ctx, span := tracer.Start(ctx, "inner") // want "span is not ended on all paths"
		if err := step(ctx, n); err != nil {
			return err // want "this return statement may be reached"
		}
		span.End()
	}
	return step(ctx, 0)
}

// innerEnded ends both spans, each by its own variable.
func innerEnded(ctx context.Context, n int) error {
	ctx, span := tracer.Start(ctx, "outer")
	defer span.End()
	for i := range n {
		ctx, span := tracer.Start(ctx, "inner")
		err := step(ctx, i)
		span.End()
		if err != nil {
			return err
		}
	}
	return nil
}

// outerLeaks ends only the inner span: the outer one is left open.
func outerLeaks(ctx context.Context, n int) {
	ctx, span := tracer.Start(ctx, "outer") // want "span is not ended on all paths"
	{
		ctx, span := tracer.Start(ctx, "inner")
		_ = step(ctx, n)
		span.End()
	}
	span.AddEvent("done")
} // want "the function may return here, at its end,"

// shadowedCtx starts the span from a shadowed context and ends the span
// of the caller taken from the outer, caller's context.
func shadowedCtx(ctx context.Context) {
	outer := ctx
	{
		ctx, _ := tracer.Start(ctx, "inner")
		defer trace.SpanFromContext(ctx).End()
		_ = step(ctx, 1)
	}
	trace.SpanFromContext(outer).End() // want "span from trace.SpanFromContext belongs to the caller"
}
