// Package roots shows context.Background() and context.TODO() calls made
// where the caller's context is in scope, and the ones that are fine.
package roots

import (
	"context"
	"errors"
	"log"
	"time"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("testcases/roots")

type Job struct{ ID int }

type Queue struct{ jobs chan Job }

// Enqueue is a method on a pointer receiver that bounds the send with a
// fresh root context instead of the caller's.
func (q *Queue) Enqueue(ctx context.Context, job Job) error {
	sendCtx, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	defer cancel()
	select {
	case q.jobs <- job:
		return nil
	case <-sendCtx.Done():
		return sendCtx.Err()
	}
}

func Refresh(ctx context.Context, q *Queue) error {
	return q.Enqueue(context.TODO(), Job{ID: 1}) // want `context.TODO\(\) drops ctx, the caller's context; pass ctx`
}

func Handle(ctx context.Context, job Job) {
	_, span := tracer.Start(context.Background(), "handle") // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
	defer span.End()
	log.Printf("handling job %d", job.ID)
}

// Retry derives ctx before the drop, so the fix names the derived ctx; the
// attempt context being declared is not in scope in its own initializer.
func Retry(ctx context.Context, attempts int, op func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	var err error
	for range attempts {
		attemptCtx, stop := context.WithDeadlineCause(context.Background(), time.Now().Add(time.Second), errors.New("attempt timed out")) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
		err = op(attemptCtx)
		stop()
		if err == nil {
			return nil
		}
	}
	return err
}

// ProcessAll is generic; its ctx parameter counts like any other.
func ProcessAll[T any](ctx context.Context, items []T, process func(context.Context, T) error) error {
	for _, item := range items {
		if err := process(context.TODO(), item); err != nil { // want `context.TODO\(\) drops ctx, the caller's context; pass ctx`
			return err
		}
	}
	return nil
}

// OnEvict is a package-level function literal with its own ctx.
var OnEvict = func(ctx context.Context, key string) {
	go flush(context.Background(), key) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
}

// Negative: a package-level literal without a context.
var Fallback = func(key string) {
	flush(context.Background(), key)
}

func flush(ctx context.Context, key string) { _, _ = ctx, key }

// Drain's deferred cleanup must not be cancelled with ctx; the fix keeps
// ctx's values but not its cancellation.
func (q *Queue) Drain(ctx context.Context, release func(context.Context) error) error {
	defer func() {
		cleanupCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // want `context.Background\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
		defer cancel()
		_ = release(cleanupCtx)
	}()
	defer release(context.TODO()) // want `context.TODO\(\) drops ctx, the caller's context; pass context.WithoutCancel\(ctx\)`
	for len(q.jobs) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		<-q.jobs
	}
	return nil
}

// Negative: deriving from the caller's context with a timeout.
func Bounded(ctx context.Context, q *Queue, job Job) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return q.Enqueue(ctx, job)
}

// Negative: context.WithoutCancel deliberately detaches and keeps values.
func Audit(ctx context.Context, job Job) {
	go flush(context.WithoutCancel(ctx), "audit")
}

// Negative: a nil context defaults to Background.
func Normalize(ctx context.Context, job Job) {
	if ctx == nil {
		ctx = context.Background()
	}
	flush(ctx, "normalize")
}

// Negative: the parameter is deliberately unnamed, so there is no caller's
// context to pass.
func (q *Queue) Close(_ context.Context) error {
	return q.Enqueue(context.Background(), Job{})
}

// Negative: comparing with a root context passes no context anywhere.
func IsRoot(ctx context.Context) bool {
	return ctx == context.Background() || ctx == (context.TODO())
}

// Negative: root contexts stored beyond the call are meant to outlive it.
type Server struct {
	baseCtx context.Context
	stop    context.CancelFunc
}

func (s *Server) Start(ctx context.Context) {
	if s.baseCtx == nil {
		s.baseCtx, s.stop = context.WithCancel(context.Background())
	}
}

var backgroundCtx context.Context

func Init(ctx context.Context) {
	backgroundCtx = context.WithValue(context.TODO(), Job{}, "init")
}

// detachedCtx keeps the values of a lookup but never expires.
type detachedCtx struct {
	context.Context
	values context.Context
}

func (d detachedCtx) Value(key any) any { return d.values.Value(key) }

func Detach(ctx context.Context) context.Context {
	return detachedCtx{Context: context.Background(), values: ctx}
}

// Negative: no context at all.
func Tick(q *Queue) error {
	return q.Enqueue(context.Background(), Job{})
}
