// Package detachedon is checked with -detached: deliberate detachment is
// reported too, with advice that keeps the caller's values.
package detachedon

import (
	"context"
	"time"
)

func logf(ctx context.Context, format string) { _, _ = ctx, format }

func Later(ctx context.Context) {
	time.AfterFunc(time.Second, func() { logf(context.Background(), "fired") }) // want `context.Background\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
}

func opCtx(ctx context.Context, honor bool) context.Context {
	if honor {
		return ctx
	}
	return context.Background() // want `context.Background\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
}
