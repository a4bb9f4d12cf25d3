// Package explicitend has spans ended explicitly on some paths and missed
// on others. The fix adds "defer span.End()" and deletes the explicit Ends
// it replaces; where an explicit End would not be replaced exactly, no fix
// is offered.
package explicitend

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/explicitend")

var errEmpty = errors.New("empty")

var mu sync.Mutex

func send(ctx context.Context, m string) error { return nil }

func audit(m string) {}

// publish ends the span before one return and misses it on the early one:
// the fix defers End and deletes the End before "return err" and the one
// before "return nil".
func publish(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "publish") // want "span is not ended on all paths: add defer span.End\\(\\) after starting it"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	if err := send(ctx, m); err != nil {
		span.End()
		return err
	}
	span.End()
	return nil
}

// flush ends the span as its last statement, after a blank line; the
// early return misses it. The End and the blank line before it go.
func flush(ctx context.Context, items []string) {
	ctx, span := tracer.Start(ctx, "flush") // want "span is not ended on all paths"
	if len(items) == 0 {
		return // want "this return statement may be reached"
	}
	for _, it := range items {
		_ = send(ctx, it)
	}

	span.End()
}

// await ends the span in a select case, with a comment on the End's line
// and blank lines around it: the line goes with its comment, and one blank
// line stays.
func await(ctx context.Context, ch <-chan string) (string, error) {
	_, span := tracer.Start(ctx, "await") // want "span is not ended on all paths"
	select {
	case s := <-ch:
		if s == "" {
			return "", errEmpty // want "this return statement may be reached"
		}

		span.End() // got one

		return s, nil
	case <-time.After(time.Second):
		span.End()
		return "", errEmpty
	}
}

// Negative: the End is in the middle of the function, with work after it
// that a deferred End would put inside the span. No fix.
func midEnd(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "midEnd") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	err := send(ctx, m)
	span.End()
	audit(m)
	return err
}

// Negative: the End takes an option that a deferred End would drop. No fix.
func withTimestamp(ctx context.Context, m string, at time.Time) error {
	ctx, span := tracer.Start(ctx, "withTimestamp") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	err := send(ctx, m)
	span.End(trace.WithTimestamp(at))
	return err
}

// Negative: the End is in a closure, which may run at any time. No fix.
func inClosure(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "inClosure") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	finish := func() { span.End() }
	err := send(ctx, m)
	finish()
	return err
}

// Negative: a deferred closure ends the span, after the early return. No fix.
func lateDeferredClosure(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "lateDeferredClosure") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	defer func() { span.End() }()
	return send(ctx, m)
}

// Negative: the function continues after the End at the end of the if
// block. No fix.
func continues(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "continues") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	if len(m) > 1 {
		_ = send(ctx, m)
		span.End()
	}
	audit(m)
	return nil
}

// Negative: the return after the End calls send, which a deferred End
// would put inside the span. No fix.
func returnCalls(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "returnCalls") // want "span is not ended on all paths"
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	span.End()
	return send(ctx, m)
}

// Negative: the deferred Unlock would run before a deferred End, inside
// the span, where the explicit End ends the span before it. No fix.
func laterDefer(ctx context.Context, m string) error {
	ctx, span := tracer.Start(ctx, "laterDefer") // want "span is not ended on all paths"
	mu.Lock()
	defer mu.Unlock()
	if m == "" {
		return errEmpty // want "this return statement may be reached"
	}
	err := send(ctx, m)
	span.End()
	return err
}
