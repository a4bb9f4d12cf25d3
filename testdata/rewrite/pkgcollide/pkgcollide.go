// Package pkgcollide checks package-level names that the injected code
// would use: a variable named tracer and a type named attribute. The
// package's tracer variable and the attribute import must get other names.
package pkgcollide

import "context"

// tracer is the user's own, not an OpenTelemetry tracer.
var tracer = "not an otel tracer"

type attribute struct {
	key, value string
}

// Label builds an attribute from ctx-scoped data.
func Label(ctx context.Context, key string) attribute {
	return attribute{key: key, value: tracer}
}
