// Package blankctx checks a context parameter named "_": the span needs a
// usable name for it, and strip must give the blank name back.
package blankctx

import "context"

// Double ignores its context and doubles n.
func Double(_ context.Context, n int) int {
	return 2 * n
}
