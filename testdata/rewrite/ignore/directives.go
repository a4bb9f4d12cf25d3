// This file checks //otelgen:ignore on a function (no span, and nothing
// inside it is touched) and on a go statement (that statement only).
package ignore

import (
	"context"
	"fmt"
)

// Skipped is never instrumented.
//
//otelgen:ignore
func Skipped(ctx context.Context, msg string) {
	go fmt.Println(msg)
}

// Traced is instrumented, and so is its second go statement.
func Traced(ctx context.Context, msg string) {
	//otelgen:ignore
	go fmt.Println("ignored", msg)
	go fmt.Println("traced", msg)
}
