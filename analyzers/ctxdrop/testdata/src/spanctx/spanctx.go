// Package spanctx shows the caller's context passed on after a span was
// started from it, which parents the callees' spans to the wrong span.
package spanctx

import (
	"context"
	"fmt"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/sync/errgroup"
)

var tracer = otel.Tracer("testcases/spanctx")

type Item struct{ SKU string }

type Order struct {
	ID    string
	Items []Item
}

func doWork(ctx context.Context) error { return ctx.Err() }

func process(ctx context.Context, item Item) {
	_, span := tracer.Start(ctx, "process")
	defer span.End()
	span.SetAttributes(attribute.String("sku", item.SKU))
}

// Checkout discards the span's context.
func Checkout(ctx context.Context, order Order) error {
	_, span := tracer.Start(ctx, "checkout")
	defer span.End()
	return doWork(ctx) // want `ctx is the context from before the span started on line 37; the span's context is discarded; name it and pass it`
}

// Fulfil fans out with the old context while its span is live.
func Fulfil(ctx context.Context, order Order) {
	spanCtx, span := tracer.Start(ctx, "fulfil")
	defer span.End()
	var wg sync.WaitGroup
	for _, item := range order.Items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(ctx, item) // want `ctx is the context from before the span started on line 44; pass spanCtx so callees are children of the span`
		}()
	}
	for _, item := range order.Items {
		go process(ctx, item) // want `ctx is the context from before the span started on line 44; pass spanCtx so callees are children of the span`
	}
	wg.Wait()
	span.AddEvent("dispatched", trace.WithAttributes(attribute.Int("items", len(order.Items))))
	_ = doWork(spanCtx)
}

// Ship starts the group from the old context, and an errgroup closure
// passes it too.
func Ship(ctx context.Context, orders []Order) error {
	shipCtx, span := startSpan(ctx, "ship")
	defer span.End()
	g, _ := errgroup.WithContext(ctx) // want `ctx is the context from before the span started on line 65; pass shipCtx so callees are children of the span`
	for _, order := range orders {
		g.Go(func() error {
			if len(order.Items) == 0 {
				return nil
			}
			return doWork(ctx) // want `ctx is the context from before the span started on line 65; pass shipCtx so callees are children of the span`
		})
	}
	if err := g.Wait(); err != nil {
		span.SetStatus(codes.Error, err.Error())
		return fmt.Errorf("ship: %w", err)
	}
	return doWork(shipCtx)
}

// startSpan is a project's wrapper around tracer.Start.
func startSpan(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindInternal))
}

// Refund's use sits where the span's context is shadowed by a string, so
// there is no fix.
func Refund(ctx context.Context, order Order) error {
	refundCtx, span := tracer.Start(ctx, "refund")
	defer span.End()
	for _, item := range order.Items {
		refundCtx := "refund:" + item.SKU
		fmt.Println(refundCtx)
		if err := doWork(ctx); err != nil { // want `ctx is the context from before the span started on line 91; pass refundCtx so callees are children of the span`
			return err
		}
	}
	return doWork(refundCtx)
}

// Negative: the idiom reuses ctx for the span's context.
func Validate(ctx context.Context, order Order) error {
	ctx, span := tracer.Start(ctx, "validate")
	defer span.End()
	return doWork(ctx)
}

// Negative: the span has ended before the old context is used again.
func Reserve(ctx context.Context, order Order) error {
	spanCtx, span := tracer.Start(ctx, "reserve")
	err := doWork(spanCtx)
	span.End()
	if err != nil {
		return err
	}
	return doWork(ctx)
}

// Negative: ctx is reassigned from the span's context before the use.
func Price(ctx context.Context, order Order) error {
	spanCtx, span := tracer.Start(ctx, "price")
	defer span.End()
	ctx = context.WithValue(spanCtx, orderKey{}, order.ID)
	return doWork(ctx)
}

type orderKey struct{}

// Negative: calls that take the span, detach deliberately, look at the
// parent span on purpose or read what the span does not change; and
// arguments that are not context parameters.
func Link(ctx context.Context, order Order) error {
	_, span := tracer.Start(ctx, "link")
	defer span.End()
	linked := trace.ContextWithSpan(ctx, span)
	go func() { _ = doWork(context.WithoutCancel(ctx)) }()
	trace.SpanFromContext(ctx).AddEvent("child started")
	span.SetAttributes(attribute.Int("baggage.members", baggage.FromContext(ctx).Len()))
	if err := context.Cause(ctx); err != nil {
		return err
	}
	fmt.Println("parent context:", ctx)
	return doWork(linked)
}

// Negative: uses before the span starts.
func Pack(ctx context.Context, order Order) error {
	if err := doWork(ctx); err != nil {
		return err
	}
	spanCtx, span := tracer.Start(ctx, "pack")
	defer span.End()
	return doWork(spanCtx)
}

// Negative: the span is started in a branch; after the branch its context
// may not exist.
func Audit(ctx context.Context, order Order, traced bool) error {
	if traced {
		spanCtx, span := tracer.Start(ctx, "audit")
		defer span.End()
		if err := doWork(spanCtx); err != nil {
			return err
		}
	}
	return doWork(ctx)
}

// Negative: span.End() in a loop body ends the span before the next use.
func Batch(ctx context.Context, orders []Order) {
	for _, order := range orders {
		itemCtx, span := tracer.Start(ctx, "batch")
		for _, item := range order.Items {
			process(itemCtx, item)
		}
		span.End()
		process(ctx, Item{SKU: "summary"})
	}
}

// Negative: a helper given the span may end it.
func Settle(ctx context.Context, order Order) error {
	spanCtx, span := tracer.Start(ctx, "settle")
	err := doWork(spanCtx)
	finish(span, err)
	return doWork(ctx)
}

func finish(span trace.Span, err error) {
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

// Negative: a package-level context may be reassigned anywhere.
var rootCtx = context.Background()

func Warm(ctx context.Context) error {
	_, span := tracer.Start(rootCtx, "warm")
	defer span.End()
	return doWork(rootCtx)
}
