// Package carry is the run-time half of otelgen's channel pipelines: a
// two-word envelope that lets a plain value (an int, a Result) travel
// through a channel together with the context of the span that sent it, so
// the stage that receives it can start the item's next span from there.
//
// otelgen rewrites a package-local channel of T into a channel of Item[T]
// and every send and receive on it; nothing else uses this package. An Item
// is a value type: sending one copies two words more than T and allocates
// nothing.
package carry

import "context"

// Item is a channel element: a value and the context it was sent from.
type Item[T any] struct {
	Ctx   context.Context
	Value T
}

// With pairs v with the context ctx, which may be nil when the sender had
// no context.
func With[T any](ctx context.Context, v T) Item[T] {
	return Item[T]{Ctx: ctx, Value: v}
}

// Context returns the context the item was sent from, or parent when the
// sender had none.
func (it Item[T]) Context(parent context.Context) context.Context {
	if it.Ctx == nil {
		return parent
	}
	return it.Ctx
}

// Parent returns the context an item carries, or parent when the item's
// context is nil: an item's span starts from the span that sent it.
func Parent(item, parent context.Context) context.Context {
	if item == nil {
		return parent
	}
	return item
}
