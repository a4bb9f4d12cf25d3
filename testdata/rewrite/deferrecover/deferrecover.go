// Package deferrecover checks bodies with their own defer and recover: the
// injected defer must be registered first, so that it runs last and records
// the error the user's recover handler sets, and recover must still be
// called directly by the user's deferred function.
package deferrecover

import (
	"context"
	"fmt"
)

// Safe runs f and turns a panic into an error.
func Safe(ctx context.Context, f func(context.Context)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	f(ctx)
	return nil
}

// Quiet runs f and swallows any panic.
func Quiet(ctx context.Context, f func(context.Context)) {
	defer func() {
		_ = recover()
	}()
	f(ctx)
}
