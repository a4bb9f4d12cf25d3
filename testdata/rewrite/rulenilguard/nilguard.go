// Package rulenilguard checks functions that compare their context with
// nil: the span starts after the last top-level statement that does, so
// the function still sees the nil it was given (a span started from nil
// panics without an SDK, and with one hides the nil behind Background).
package rulenilguard

import (
	"context"
	"errors"
)

var errNoContext = errors.New("no context")

// Release waits for ctx to end; a nil ctx means there is nothing to wait
// for. Its span starts after the guard.
func Release(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	<-ctx.Done()
	return ctx.Err()
}

// Wait is Release without a guard, the look-alike whose span starts first.
func Wait(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

// Acquire replaces a nil ctx, then checks it again: the span starts after
// both checks.
func Acquire(ctx context.Context, sem chan struct{}) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if nil == ctx {
		return errNoContext
	}
	select {
	case sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Valid does nothing after its guard but return, so there is no span.
func Valid(ctx context.Context) bool {
	if ctx != nil {
		return ctx.Err() == nil
	}
	return false
}

type pool struct{ sem chan struct{} }

var defaultPool = &pool{sem: make(chan struct{}, 1)}

// Release is Release for the pool.
func (p *pool) Release(ctx context.Context) error { return Release(ctx) }

// ReleaseDefault hands its context to a method that accepts nil, so it may
// be given nil too: no span, although its callee does work.
func ReleaseDefault(ctx context.Context) error {
	return defaultPool.Release(ctx)
}

// AcquireDefault hands its context to Wait, which does not accept nil: a
// span.
func AcquireDefault(ctx context.Context) error {
	return Wait(ctx)
}
