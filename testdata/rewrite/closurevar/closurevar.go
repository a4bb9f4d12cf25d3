// Package closurevar checks function literals assigned to a variable whose
// first parameter is a context: each gets a span named like the runtime
// names it ("closurevar.Formatter.func1"), even though the enclosing
// function has no context of its own and is left alone.
package closurevar

import (
	"context"
	"strings"
)

// Formatter returns a function that prefixes and upper-cases its input.
func Formatter(prefix string) func(context.Context, string) string {
	format := func(ctx context.Context, s string) string {
		return prefix + strings.ToUpper(s)
	}
	return format
}
