// Package plainfunc checks the basic case: a function whose first parameter
// is a context.Context gets a span named "plainfunc.Greet"; a function
// without a context is left alone.
package plainfunc

import (
	"context"
	"strings"
)

// Greet returns a greeting for name.
func Greet(ctx context.Context, name string) string {
	return "hello, " + upper(name)
}

func upper(s string) string {
	return strings.ToUpper(s)
}
