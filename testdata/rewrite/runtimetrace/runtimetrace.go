// Package runtimetrace checks a file that already imports runtime/trace as
// trace: whatever the injected code needs from OpenTelemetry must not be
// imported under the name trace, and the user's trace calls keep meaning
// runtime/trace.
package runtimetrace

import (
	"context"
	"fmt"
	"runtime/trace"
)

// Process logs each item inside a runtime/trace region.
func Process(ctx context.Context, items []string) {
	defer trace.StartRegion(ctx, "process").End()
	for _, it := range items {
		trace.Log(ctx, "item", it)
	}
	go fmt.Println(len(items))
}
