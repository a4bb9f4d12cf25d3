// Package suppress silences spanend with //ctxlint:ignore directives.
package suppress

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/suppress")

func work(ctx context.Context) {}

func lineBefore(ctx context.Context) {
	//ctxlint:ignore spanend the span is ended by the request's finalizer
	ctx, _ = tracer.Start(ctx, "lineBefore")
	work(ctx)
}

func sameLine(ctx context.Context, skip bool) {
	_, span := tracer.Start(ctx, "sameLine") //ctxlint:ignore spanend skipped requests are dropped by the sampler
	if skip {
		return
	}
	span.End()
}

// finish ends the request span on behalf of the middleware.
//
//ctxlint:ignore spanend this is the middleware's designated finisher
func finish(ctx context.Context) {
	trace.SpanFromContext(ctx).End()
}

// otherAnalyzer names another analyzer only: still reported.
func otherAnalyzer(ctx context.Context) {
	//ctxlint:ignore ctxdrop unrelated
	ctx, _ = tracer.Start(ctx, "otherAnalyzer") // want "span is discarded"
	work(ctx)
}
