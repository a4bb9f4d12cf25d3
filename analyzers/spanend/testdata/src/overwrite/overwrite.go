// Package overwrite has span variables reassigned while their span is
// still open.
package overwrite

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/overwrite")

func load(ctx context.Context) error  { return nil }
func parse(ctx context.Context) error { return nil }

// twoPhases reuses the variable for the second phase without ending the first.
func twoPhases(ctx context.Context) error {
	ctx, span := tracer.Start(ctx, "load") // want "span may be overwritten on line 21 before it is ended: call span.End\\(\\) first"
	err := load(ctx)
	ctx, span = tracer.Start(ctx, "parse")
	defer span.End()
	if err != nil {
		return err
	}
	return parse(ctx)
}

// twoPhasesEnded ends the first phase before starting the second.
func twoPhasesEnded(ctx context.Context) error {
	phaseCtx, span := tracer.Start(ctx, "load")
	err := load(phaseCtx)
	span.End()
	if err != nil {
		return err
	}
	phaseCtx, span = tracer.Start(ctx, "parse")
	defer span.End()
	return parse(phaseCtx)
}

// conditional overwrites the span on one path only.
func conditional(ctx context.Context, strict bool) {
	ctx, span := tracer.Start(ctx, "check") // want "span may be overwritten on line 46 before it is ended"
	if strict {
		_, span = tracer.Start(ctx, "strict")
	}
	defer span.End()
	_ = load(ctx)
}

// nilled clears the variable instead of ending the span.
func nilled(ctx context.Context) {
	_, span := tracer.Start(ctx, "nilled") // want "span may be overwritten on line 56 before it is ended"
	_ = load(ctx)
	span = nil
	_ = span
}

func annotate(span trace.Span) trace.Span {
	span.AddEvent("annotated")
	return span
}

// wrapped reassigns the span from a call that receives it: handed off.
func wrapped(ctx context.Context) {
	_, span := tracer.Start(ctx, "wrapped")
	span = annotate(span)
	defer span.End()
}

// shadowed declares a second span variable in an inner block: the outer
// one is not overwritten.
func shadowed(ctx context.Context, retry bool) {
	ctx, span := tracer.Start(ctx, "outer")
	defer span.End()
	if retry {
		ctx, span := tracer.Start(ctx, "inner")
		_ = load(ctx)
		span.End()
	}
	_ = parse(ctx)
}
