package clean

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel/codes"
	"golang.org/x/sync/errgroup"
)

var errSlow = errors.New("too slow")

// First returns the first of two producers' values, or gives up.
func First(ctx context.Context, a, b <-chan int) (int, error) {
	ctx, span := tracer.Start(ctx, "First")
	defer span.End()
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	select {
	case v := <-a:
		return v, nil
	case v := <-b:
		return v, nil
	case <-time.After(500 * time.Millisecond):
		return 0, errSlow
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Fetch runs tasks in an errgroup; each task records its own failure.
func Fetch(ctx context.Context, urls []string) ([]int, error) {
	g, ctx := errgroup.WithContext(ctx)
	sizes := make([]int, len(urls))
	for i, u := range urls {
		g.Go(func() error {
			_, span := tracer.Start(ctx, "fetch")
			defer span.End()
			if u == "" {
				err := errors.New("empty url")
				span.RecordError(err)
				span.SetStatus(codes.Error, err.Error())
				return err
			}
			sizes[i] = len(u)
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return sizes, nil
}

// Audit outlives the request on purpose but keeps its values.
func Audit(ctx context.Context, entry string, write func(context.Context, string)) {
	detached := context.WithoutCancel(ctx)
	go write(detached, entry)
}

// Deadline derives a deadline with a cause from the caller's context.
func Deadline(ctx context.Context, d time.Time) error {
	ctx, cancel := context.WithDeadlineCause(ctx, d, errSlow)
	defer cancel()
	<-ctx.Done()
	return context.Cause(ctx)
}

// Serve is a program entry point: its root context is the right one.
func Serve() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_ = Squares(ctx, 3)
	shutdown, stop := context.WithTimeout(context.Background(), time.Second)
	defer stop()
	<-shutdown.Done()
}
