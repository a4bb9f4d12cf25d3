// Package scope is test input for ctxspan: every probe() call carries a
// comment naming the caller context visible there ("none" when there is none).
package scope

import (
	"context"
	"net/http"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("scope")

func probe() {}

func param(ctx context.Context) {
	probe() // visible: ctx
}

func blankParam(_ context.Context) {
	probe() // visible: none
}

func derived(parent context.Context) {
	probe() // visible: parent
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	probe() // visible: ctx
	spanCtx, span := tracer.Start(ctx, "derived")
	defer span.End()
	probe() // visible: spanCtx
	_ = spanCtx
}

func rootedInBackground() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_ = ctx
	probe() // visible: none
}

func handler(w http.ResponseWriter, r *http.Request) {
	probe() // visible: r.Context()
	ctx := r.Context()
	probe() // visible: ctx
	_ = ctx
}

// inspect only looks at a request it does not serve: no caller context.
func inspect(r *http.Request) {
	probe() // visible: none
}

func closure(ctx context.Context) {
	go func() {
		probe() // visible: ctx
	}()
	func(inner context.Context) {
		probe() // visible: inner
	}(ctx)
}

func shadowed(ctx context.Context) {
	{
		ctx := 42
		_ = ctx
		probe() // visible: none
	}
	probe() // visible: ctx
}

func declaredLater(ctx context.Context) {
	detached := context.WithoutCancel(ctx)
	_ = detached
	probe() // visible: detached
}

func notYetInScope(ctx context.Context) {
	inner := func() context.Context {
		probe() // visible: ctx
		return ctx
	}()
	_ = inner
}

var literal = func(ctx context.Context) {
	probe() // visible: ctx
}

type server struct{}

func (s *server) method(ctx context.Context) {
	probe() // visible: ctx
}

func generic[T any](ctx context.Context, v T) {
	probe() // visible: ctx
}

func wrapper(ctx context.Context, name string) (context.Context, trace.Span) {
	return tracer.Start(ctx, name)
}

// A hook's context stored in a captured variable is not the context of
// the code that declared the variable.
func capturedStore(run func(func(ctx context.Context))) {
	var got context.Context
	run(func(ctx context.Context) {
		got = ctx
		probe() // visible: ctx
	})
	probe() // visible: none
	_ = got
}

// The store counts when the literal declares the variable too.
func storeInsideLiteral(run func(func(ctx context.Context))) {
	run(func(ctx context.Context) {
		var mine context.Context
		mine = ctx
		probe() // visible: mine
		_ = mine
	})
}

// After its own cancel(), a context is done: the one it came from is
// what later code can still use.
func afterCancel(ctx context.Context) {
	for range 2 {
		pollCtx, cancel := context.WithTimeout(ctx, time.Second)
		probe() // visible: pollCtx
		_ = pollCtx
		cancel()
		probe() // visible: ctx
	}
}

// A deferred cancel or one in a branch leaves the context usable after it.
func cancelDeferredOrInBranch(ctx context.Context, stop bool) {
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	if stop {
		cancel()
	}
	probe() // visible: inner
	_ = inner
}
