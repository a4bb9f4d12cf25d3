// Package earlyreturn has spans that early returns and error branches leave
// open, next to the ways of ending a span on every path.
package earlyreturn

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("testcases/earlyreturn")

type Order struct {
	ID    string
	Items []string
}

func validate(ctx context.Context, o *Order) error {
	if len(o.Items) == 0 {
		return errors.New("empty order")
	}
	return nil
}

// warmCache returns early for an empty order, skipping End.
func warmCache(ctx context.Context, o *Order) {
	ctx, span := tracer.Start(ctx, "warmCache") // want "span is not ended on all paths: add defer span.End\\(\\) after starting it"
	if len(o.Items) == 0 {
		return // want "this return statement may be reached without ending the span started on line 34"
	}
	for _, item := range o.Items {
		_ = validate(ctx, &Order{ID: item})
	}
	span.End()
}

// submit ends the span on success only.
func submit(ctx context.Context, o *Order) error {
	ctx, span := tracer.Start(ctx, "submit") // want "span is not ended on all paths"
	span.SetAttributes(attribute.String("order.id", o.ID))
	if err := validate(ctx, o); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "invalid order")
		return fmt.Errorf("submit %s: %w", o.ID, err) // want "this return statement may be reached without ending the span"
	}
	span.End()
	return nil
}

// fallOffEnd never ends the span: falling off the end of a void function
// is a path to a return too.
func fallOffEnd(ctx context.Context, o *Order) {
	_, span := tracer.Start(ctx, "fallOffEnd") // want "span is not ended on all paths"
	span.AddEvent("looked at order")
	fmt.Println(o.ID)
} // want "the function may return here, at its end, without ending the span"

func deferred(ctx context.Context, o *Order) error {
	ctx, span := tracer.Start(ctx, "deferred")
	defer span.End()
	if err := validate(ctx, o); err != nil {
		return err
	}
	return nil
}

func deferredClosure(ctx context.Context, o *Order) (err error) {
	ctx, span := tracer.Start(ctx, "deferredClosure")
	defer func() {
		if err != nil {
			span.RecordError(err)
		}
		span.End()
	}()
	return validate(ctx, o)
}

func bothBranches(ctx context.Context, o *Order) error {
	ctx, span := tracer.Start(ctx, "bothBranches")
	if err := validate(ctx, o); err != nil {
		span.SetStatus(codes.Error, err.Error())
		span.End()
		return err
	}
	span.End()
	return nil
}

// mustLoad's failing paths panic or exit: they are not paths to a return.
func mustLoad(ctx context.Context, o *Order) {
	ctx, span := tracer.Start(ctx, "mustLoad")
	if err := validate(ctx, o); err != nil {
		panic(err)
	}
	if o.ID == "" {
		log.Fatalf("order without id")
	}
	if len(o.Items) > 100 {
		os.Exit(2)
	}
	span.End()
}

// switchEnds ends the span in every case, the default included.
func switchEnds(ctx context.Context, kind string) string {
	_, span := tracer.Start(ctx, "switchEnds")
	switch kind {
	case "a":
		span.End()
		return "alpha"
	case "b":
		span.End()
		return "beta"
	default:
		span.End()
		return "other"
	}
}

// switchMissesDefault has no default case: an unknown kind falls through
// to the return without End.
func switchMissesDefault(ctx context.Context, kind string) string {
	_, span := tracer.Start(ctx, "switchMissesDefault") // want "span is not ended on all paths"
	switch kind {
	case "a":
		span.End()
		return "alpha"
	case "b":
		span.End()
		return "beta"
	}
	return "" // want "this return statement may be reached"
}

type Store struct {
	orders map[string]*Order
}

// Get is a method on a pointer receiver that misses End on the not-found path.
func (s *Store) Get(ctx context.Context, id string) (*Order, error) {
	_, span := tracer.Start(ctx, "Store.Get") // want "span is not ended on all paths"
	o, ok := s.orders[id]
	if !ok {
		return nil, fmt.Errorf("order %s not found", id) // want "this return statement may be reached"
	}
	span.End()
	return o, nil
}

// Put is a method on a pointer receiver that ends the span properly.
func (s *Store) Put(ctx context.Context, o *Order) error {
	ctx, span := tracer.Start(ctx, "Store.Put")
	defer span.End()
	if err := validate(ctx, o); err != nil {
		return err
	}
	s.orders[o.ID] = o
	return nil
}

// Cache is generic; Load misses End when the key is absent.
type Cache[K comparable, V any] struct {
	items map[K]V
}

func (c *Cache[K, V]) Load(ctx context.Context, key K) (V, bool) {
	_, span := tracer.Start(ctx, "Cache.Load") // want "span is not ended on all paths"
	v, ok := c.items[key]
	if !ok {
		var zero V
		return zero, false // want "this return statement may be reached"
	}
	span.End()
	return v, true
}

// Map is a generic function that ends its span on all paths.
func Map[T, U any](ctx context.Context, in []T, f func(context.Context, T) (U, error)) ([]U, error) {
	ctx, span := tracer.Start(ctx, "Map")
	defer span.End()
	out := make([]U, 0, len(in))
	for _, v := range in {
		u, err := f(ctx, v)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// Filter is a generic function that returns early.
func Filter[T any](ctx context.Context, in []T, keep func(T) bool) []T {
	_, span := tracer.Start(ctx, "Filter") // want "span is not ended on all paths"
	if len(in) == 0 {
		return nil // want "this return statement may be reached"
	}
	var out []T
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	span.End()
	return out
}

// literal checks function literals on their own.
func literal(ctx context.Context, orders []*Order) {
	check := func(o *Order) bool {
		_, span := tracer.Start(ctx, "check") // want "span is not ended on all paths"
		if o == nil {
			return false // want "this return statement may be reached"
		}
		span.End()
		return true
	}
	for _, o := range orders {
		check(o)
	}
}

var logger = log.New(os.Stderr, "orders: ", 0)

// loggerFatal returns after a logger's Fatalf, which never returns.
func loggerFatal(ctx context.Context, o *Order) error {
	ctx, span := tracer.Start(ctx, "loggerFatal")
	if err := validate(ctx, o); err != nil {
		logger.Fatalf("invalid order %s: %v", o.ID, err)
		return err
	}
	span.End()
	return nil
}

// checkOrder stops the test on failure.
func checkOrder(t testing.TB, o *Order) {
	ctx, span := tracer.Start(context.Background(), "checkOrder")
	if err := validate(ctx, o); err != nil {
		t.Fatalf("validate: %v", err)
		return
	}
	span.End()
}

// guarded ends the span only if it is not nil; the comparison counts as a
// use of the span, so nothing is reported (spans from Start are never nil).
func guarded(ctx context.Context) {
	_, span := tracer.Start(ctx, "guarded")
	if span != nil {
		defer span.End()
	}
}

// cleanupEnd registers the End with the test.
func cleanupEnd(t testing.TB) {
	_, span := tracer.Start(context.Background(), "cleanupEnd")
	t.Cleanup(func() { span.End() })
}
