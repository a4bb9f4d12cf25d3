// Package shadow shows fixes that must name the context visible at the
// drop, not one that is shadowed there.
package shadow

import (
	"context"
	"fmt"
	"time"
)

// RenderContext is not a context.Context, but templates call it ctx.
type RenderContext struct{ Page string }

func render(ctx context.Context, rc *RenderContext) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("render %s: %w", rc.Page, err)
	}
	return nil
}

// Publish shadows ctx with a render context, so the fix names deadline.
func Publish(ctx context.Context, pages []string) error {
	deadline, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for _, page := range pages {
		ctx := &RenderContext{Page: page}
		if err := render(context.Background(), ctx); err != nil { // want `context.Background\(\) drops deadline, the caller's context; pass deadline`
			return err
		}
	}
	return deadline.Err()
}

// Negative: the only caller's context is shadowed by a non-context named
// ctx, so no fix could name it.
func Preview(ctx context.Context, page string) error {
	if page == "" {
		return nil
	}
	{
		ctx := &RenderContext{Page: page}
		return render(context.Background(), ctx)
	}
}

// Sync shadows the parameter with a per-peer context; the fix names the
// inner ctx, the one in scope.
func Sync(ctx context.Context, peers []string) {
	for _, peer := range peers {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		push(context.Background(), peer) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
		_ = ctx
		cancel()
	}
}

type Bus struct {
	handlers []func(context.Context, string) error
}

func (b *Bus) Subscribe(h func(context.Context, string) error) { b.handlers = append(b.handlers, h) }

// Listen registers a handler whose own ctx parameter is declared last, so
// it is the one to pass.
func Listen(reqCtx context.Context, b *Bus) {
	b.Subscribe(func(ctx context.Context, msg string) error {
		return push(context.TODO(), msg) // want `context.TODO\(\) drops ctx, the caller's context; pass ctx`
	})
}

func push(ctx context.Context, peer string) error {
	return ctx.Err()
}
