package detached

import (
	"context"
	"testing"
	"time"
)

type session struct{}

func (session) AbortTransaction(ctx context.Context) error  { return ctx.Err() }
func (session) CommitTransaction(ctx context.Context) error { return ctx.Err() }
func (session) closeConn(ctx context.Context) error         { return ctx.Err() }
func (session) Closer(ctx context.Context) error            { return ctx.Err() }

// Negative: a cleanup is given a root context so that it completes even
// when the caller's context is done.
func Abort(ctx context.Context, s session) error {
	if err := s.CommitTransaction(ctx); err != nil {
		_ = s.AbortTransaction(context.Background())
		return err
	}
	return nil
}

// Negative: an unexported teardown method, through a derived local.
func CloseBounded(ctx context.Context, s session) error {
	cctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	return s.closeConn(cctx)
}

// Positive twin: committing is not a cleanup, and Closer is not Close.
func Commit(ctx context.Context, s session) error {
	_ = s.Closer(context.Background())               // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	return s.CommitTransaction(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
}

// Negative: the comment that explains the fresh context sits a few lines
// above the statement that makes it.
func CommitFresh(ctx context.Context, s session) error {
	// Use a fresh context so that the commit completes even if the
	// caller's context has a deadline that has passed by now.
	var err error
	fctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	err = s.CommitTransaction(fctx)
	return err
}

// Positive twin: a comment too far above, and one that speaks of
// something else, say nothing about this context.
func CommitFar(ctx context.Context, s session) error {
	// The caller's context may be cancelled: that is handled below.
	if err := ctx.Err(); err != nil {
		return err
	}
	var err error
	_ = err
	// Commit with a one-second budget.
	fctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	defer cancel()
	return s.CommitTransaction(fctx)
}

// Positive: t.Run runs its function before it returns, so the caller's
// context is still live there.
func Subtests(ctx context.Context, t *testing.T, s session) {
	t.Run("commit", func(t *testing.T) {
		_ = s.CommitTransaction(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	})
}
