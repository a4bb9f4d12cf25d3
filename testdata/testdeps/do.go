// Package testdeps is a module whose tests use an older testify than the
// one OpenTelemetry requires: instrumenting it raises testify, and the
// go.sum the overlay supplies must hold what the raised version's packages
// import, though no injected code imports them.
package testdeps

import "context"

// Do returns the context's error if it is done already.
func Do(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	default:
		return nil
	}
}
