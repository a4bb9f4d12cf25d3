// Package singleimport checks a file with a single unparenthesised import:
// the imports the rewriter adds must leave a valid, gofmt-clean import
// section, and strip must give back the single import.
package singleimport

import "context"

// Valid reports whether ctx is still live.
func Valid(ctx context.Context) bool {
	return ctx.Err() == nil
}
