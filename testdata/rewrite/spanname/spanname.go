// Package spanname checks //otelgen:span "custom name": the span takes that
// name instead of "spanname.Checkout", and the directive stays in the doc
// comment.
package spanname

import "context"

// Checkout places an order.
//
//otelgen:span "shop checkout"
func Checkout(ctx context.Context, items []string) int {
	return len(items)
}
