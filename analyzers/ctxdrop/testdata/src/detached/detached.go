// Package detached shows root contexts detached on purpose, which are not
// reported by default, each next to a look-alike that is.
package detached

import (
	"context"
	"runtime/pprof"
	"time"

	"go.opentelemetry.io/otel/trace"
)

type waiter struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func work(ctx context.Context) { _ = ctx }

// Negative: the root reaches a stored value through a local and a derivation.
func Enqueue(ctx context.Context, q []*waiter) []*waiter {
	d, cancel := context.WithCancel(context.Background())
	w := &waiter{ctx: d, cancel: cancel}
	return append(q, w)
}

// Positive twin: the derived root only feeds work the caller waits for.
func Run(ctx context.Context) {
	d, cancel := context.WithCancel(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	defer cancel()
	work(d)
}

// Negative: clearing the goroutine's profiler labels.
func Labelled(ctx context.Context) {
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels("op", "x")))
	defer pprof.SetGoroutineLabels(context.Background())
	work(ctx)
}

// Positive twin: a root given to ordinary work in deferred code.
func Cleanup(ctx context.Context) {
	defer work(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
}

type Client struct{ honor bool }

// Negative: a helper that chooses a context and returns it.
func (c *Client) opCtx(ctx context.Context) context.Context {
	if c.honor {
		return ctx
	}
	return context.Background()
}

// Positive twin: the chosen root is used here, not returned.
func (c *Client) op(ctx context.Context) {
	work(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
}

func logf(ctx context.Context, format string) { _, _ = ctx, format }

type Mux struct{ handlers []func() }

func (m *Mux) Handle(h func()) { m.handlers = append(m.handlers, h) }

func now(f func()) { f() }

// Negative: callbacks that run after the caller returned.
func Later(ctx context.Context, m *Mux) {
	time.AfterFunc(time.Second, func() { logf(context.Background(), "fired") })
	m.Handle(func() { logf(context.Background(), "handled") })
	m.handlers = append(m.handlers, func() { logf(context.TODO(), "stored") })
}

// Positive twin: a same-package function that calls its callback at once.
func Now(ctx context.Context) {
	now(func() { logf(context.Background(), "now") }) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
}

type cache struct{ fill func(context.Context) error }

// Negative: shared work that one caller's cancellation must not abort,
// as the comment says.
func (c *cache) Get(ctx context.Context) error {
	// Detached: the fill is shared by every waiter.
	ictx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return c.fill(ictx)
}

// Positive twin: the same code with a comment that does not say so.
func (c *cache) GetSlow(ctx context.Context) error {
	// Fill with a five-second budget.
	ictx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	defer cancel()
	return c.fill(ictx)
}

// Positive: a span started from a detached root breaks the trace anyway;
// the advice keeps the caller's values.
func StoredSpan(ctx context.Context, tracer trace.Tracer, q []*waiter) []*waiter {
	d, cancel := context.WithCancel(context.Background()) // want `context.Background\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
	d, span := tracer.Start(d, "bg")
	defer span.End()
	return append(q, &waiter{ctx: d, cancel: cancel})
}
