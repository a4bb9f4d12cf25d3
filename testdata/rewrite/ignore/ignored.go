// This file checks //otelgen:ignore on the package clause: nothing in the
// file changes, although it has a context function and a go statement.
//
//otelgen:ignore
package ignore

import (
	"context"
	"fmt"
)

// Untouched would get a span anywhere else.
func Untouched(ctx context.Context, msg string) {
	go fmt.Println(msg)
}
