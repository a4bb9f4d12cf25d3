package spanfromcontext

import (
	"context"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

// A stats handler in the style of gRPC's: TagRPC starts the span and hands
// it on inside the context it returns; HandleRPC ends it when the RPC's
// end event arrives. Start and End are split across callbacks by design.

type rpcKey struct{}

type event interface{ isEvent() }

type begin struct{}
type end struct{ err error }

func (begin) isEvent() {}
func (end) isEvent()   {}

type statsHandler struct{ tracer trace.Tracer }

func newStatsHandler() *statsHandler {
	return &statsHandler{tracer: otel.Tracer("statshandler")}
}

// TagRPC discards the span variable, but the context carrying the span is
// returned (through context.WithValue), so the span is handed off.
func (h *statsHandler) TagRPC(ctx context.Context, method string) context.Context {
	ctx, _ = h.tracer.Start(ctx, method)
	return context.WithValue(ctx, rpcKey{}, method)
}

// HandleRPC ends the span only on the end event: the owner's protocol.
func (h *statsHandler) HandleRPC(ctx context.Context, ev event) {
	span := trace.SpanFromContext(ctx)
	switch ev := ev.(type) {
	case begin:
		span.AddEvent("begin")
	case end:
		if ev.err != nil {
			span.RecordError(ev.err)
		}
		span.End()
	}
}

// finish ends the caller's span whenever it returns, event or not: still
// the mistake the check exists for.
func (h *statsHandler) finish(ctx context.Context, ev event) {
	span := trace.SpanFromContext(ctx)
	defer span.End() // want "span from trace.SpanFromContext belongs to the caller"
	if _, ok := ev.(end); ok {
		span.AddEvent("end")
	}
}
