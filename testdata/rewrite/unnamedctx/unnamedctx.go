// Package unnamedctx checks a function whose parameters are all unnamed,
// "func(context.Context, int)": to start a span the rewriter has to name the
// context, and then every other parameter too (Go does not allow mixing
// named and unnamed parameters); strip must restore the original signature.
package unnamedctx

import "context"

// Tick is a no-op callback that satisfies a func(context.Context, int) hook.
func Tick(context.Context, int) {}
