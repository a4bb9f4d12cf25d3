// Package loopdefer has spans started in loops: deferred End calls that
// pile up until the function returns, and iterations that skip End.
package loopdefer

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("testcases/loopdefer")

type Batch struct {
	ID   int
	Rows []string
}

func write(ctx context.Context, b Batch) error {
	if len(b.Rows) == 0 {
		return errors.New("empty batch")
	}
	return nil
}

// flushAll defers End in the loop: every batch's span stays open until
// flushAll returns.
func flushAll(ctx context.Context, batches []Batch) error {
	for _, b := range batches {
		ctx, span := tracer.Start(ctx, "flush") // want "span started in a loop is ended by the defer on line 32, which runs only when the function returns"
		defer span.End()
		if err := write(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// retry defers a closure that ends the span, in a three-clause loop.
func retry(ctx context.Context, b Batch) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		ctx, span := tracer.Start(ctx, "attempt") // want "span started in a loop is ended by the defer"
		defer func() { span.End() }()
		if err = write(ctx, b); err == nil {
			return nil
		}
		time.Sleep(time.Duration(attempt) * time.Millisecond)
	}
	return err
}

// perIteration wraps the body in a function literal: each defer runs at
// the end of its iteration.
func perIteration(ctx context.Context, batches []Batch) error {
	for _, b := range batches {
		err := func() error {
			ctx, span := tracer.Start(ctx, "flush")
			defer span.End()
			return write(ctx, b)
		}()
		if err != nil {
			return err
		}
	}
	return nil
}

// onceThrough returns in the first iteration on every path: the loop never
// starts a second span, so the defer is fine.
func onceThrough(ctx context.Context, batches []Batch) error {
	for _, b := range batches {
		ctx, span := tracer.Start(ctx, "first")
		defer span.End()
		return write(ctx, b)
	}
	return nil
}

// outerSpan defers End in the loop of a span started before the loop,
// which is not this check's business and is ended anyway.
func outerSpan(ctx context.Context, batches []Batch) {
	ctx, span := tracer.Start(ctx, "all")
	for _, b := range batches {
		_ = write(ctx, b)
	}
	defer span.End()
}

// skipEmpty continues past End for empty batches.
func skipEmpty(ctx context.Context, batches []Batch) {
	for _, b := range batches {
		ctx, span := tracer.Start(ctx, "flush") // want "span is not ended on all paths: call span.End\\(\\) on every path through the loop body"
		if len(b.Rows) == 0 {
			continue
		}
		_ = write(ctx, b)
		span.End()
	}
} // want "the function may return here, at its end, without ending the span"

// poll runs forever; an idle tick starts the next span without ending this one.
func poll(ctx context.Context, ticks <-chan Batch) {
	for {
		ctx, span := tracer.Start(ctx, "poll") // want "span may not be ended before the loop starts the next one"
		b := <-ticks
		if len(b.Rows) == 0 {
			continue
		}
		_ = write(ctx, b)
		span.End()
	}
}

// pollEnded ends the span on every path of the iteration.
func pollEnded(ctx context.Context, ticks <-chan Batch) {
	for {
		ctx, span := tracer.Start(ctx, "poll")
		b := <-ticks
		if len(b.Rows) == 0 {
			span.End()
			continue
		}
		_ = write(ctx, b)
		span.End()
	}
}

// goroutinePerItem hands each span to a goroutine that ends it.
func goroutinePerItem(ctx context.Context, batches []Batch, done chan<- error) {
	for _, b := range batches {
		ctx, span := tracer.Start(ctx, "async")
		go func() {
			defer span.End()
			done <- write(ctx, b)
		}()
	}
}
