// Package owntracer checks a package that already declares its own
// "var tracer = otel.Tracer(...)": the rewriter must not declare a second
// tracer under the same name; it may reuse the user's, or declare its own
// under another name.
package owntracer

import (
	"context"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("example.com/owntracer")

// Load returns key's value.
func Load(ctx context.Context, key string) string {
	return "value of " + key
}
