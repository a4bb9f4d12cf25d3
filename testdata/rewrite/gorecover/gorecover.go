// Package gorecover checks a go statement whose literal has its own
// defer/recover: the injected span is ended even when the goroutine
// panics, and recover keeps being called directly by the deferred function.
package gorecover

import (
	"context"
	"fmt"
)

// Guarded runs f in a goroutine that survives a panic.
func Guarded(ctx context.Context, f func()) <-chan error {
	errc := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				errc <- fmt.Errorf("panic: %v", r)
				return
			}
			errc <- nil
		}()
		f()
	}()
	return errc
}
