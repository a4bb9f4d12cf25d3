// Package testdeps is a module whose tests use an older testify than the
// one OpenTelemetry requires: instrumenting it raises testify, and the
// go.sum the overlay supplies must hold what the raised version's packages
// import, though no injected code imports them.
package testdeps

import "context"

// Do returns the context's error. It does too little for a span by
// default, so it asks for one.
//
//otelgen:span
func Do(ctx context.Context) error { return ctx.Err() }
