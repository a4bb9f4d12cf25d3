package roots

import (
	"context"
	"net"
)

// wrapDial adapts a dial function; the adapted function ignores its
// context on purpose.
func wrapDial(f func(context.Context, string) (net.Conn, error)) func(context.Context, string) (net.Conn, error) {
	return f
}

// dialer's inner literal declares its context parameter without a name:
// it ignores its caller's context on purpose, and the enclosing
// function's ctx is not its caller's context either. Not reported.
func dialer(ctx context.Context) (net.Conn, error) {
	dial := wrapDial(func(context.Context, string) (net.Conn, error) {
		return dialWith(context.Background())
	})
	return dial(ctx, "addr")
}

// dialerBlank names it _, to the same effect.
func dialerBlank(ctx context.Context) (net.Conn, error) {
	dial := wrapDial(func(_ context.Context, addr string) (net.Conn, error) {
		return dialWith(context.TODO())
	})
	return dial(ctx, "addr")
}

// dialerNamed's literal has a context of its own, which is the one to
// pass.
func dialerNamed(ctx context.Context) (net.Conn, error) {
	dial := wrapDial(func(dctx context.Context, addr string) (net.Conn, error) {
		return dialWith(context.Background()) // want `context.Background\(\) drops dctx, the caller's context; pass dctx`
	})
	return dial(ctx, "addr")
}

// dialerPlain's literal takes no context at all: the enclosing ctx is
// captured and still the one to pass.
func dialerPlain(ctx context.Context) func() (net.Conn, error) {
	return func() (net.Conn, error) {
		return dialWith(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	}
}

func dialWith(ctx context.Context) (net.Conn, error) { return nil, ctx.Err() }
