package detached

import "context"

type Flusher struct{}

func (f *Flusher) Wait() error                            { return nil }
func (f *Flusher) WaitContext(ctx context.Context) error  { return ctx.Err() }
func (f *Flusher) Close() error                           { return nil }
func (f *Flusher) CloseContext(ctx context.Context) error { return ctx.Err() }
func (f *Flusher) Fetch() error                           { return nil }
func (f *Flusher) FetchContext(ctx context.Context) error { return ctx.Err() }

// Negative: waiting and closing need completion; their twins return early.
func Finish(ctx context.Context, f *Flusher) error {
	if err := f.Wait(); err != nil {
		return err
	}
	return f.Close()
}

// Positive twin: an ordinary method with a context twin.
func Get(ctx context.Context, f *Flusher) error {
	return f.Fetch() // want `f.Fetch drops ctx, the caller's context; use f.FetchContext\(ctx\)`
}
