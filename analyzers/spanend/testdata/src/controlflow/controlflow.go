// Package controlflow exercises labels, goto, break, continue, fallthrough
// and type switches between a span's start and its End.
package controlflow

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("testcases/controlflow")

type Event struct {
	Kind    string
	Payload any
}

var errStop = errors.New("stop")

func handle(ctx context.Context, e Event) error { return nil }

// drain breaks out of the labelled loop with a return that skips End.
func drain(ctx context.Context, events <-chan Event) error {
	ctx, span := tracer.Start(ctx, "drain") // want "span is not ended on all paths"
loop:
	for e := range events {
		switch e.Kind {
		case "stop":
			break loop
		case "fatal":
			return errStop // want "this return statement may be reached"
		default:
			if err := handle(ctx, e); err != nil {
				continue loop
			}
		}
	}
	span.End()
	return nil
}

// drainEnded leaves the labelled loop only through the End below it.
func drainEnded(ctx context.Context, events <-chan Event) error {
	ctx, span := tracer.Start(ctx, "drain")
	var err error
loop:
	for e := range events {
		switch e.Kind {
		case "stop":
			break loop
		case "fatal":
			err = errStop
			break loop
		}
		_ = handle(ctx, e)
	}
	span.End()
	return err
}

// gotoCleanup jumps to a cleanup label that ends the span.
func gotoCleanup(ctx context.Context, e Event) (err error) {
	ctx, span := tracer.Start(ctx, "gotoCleanup")
	if e.Kind == "" {
		err = errors.New("no kind")
		goto done
	}
	err = handle(ctx, e)
done:
	span.End()
	return err
}

// gotoSkip jumps over the End.
func gotoSkip(ctx context.Context, e Event) error {
	ctx, span := tracer.Start(ctx, "gotoSkip") // want "span is not ended on all paths"
	if e.Kind == "" {
		goto out
	}
	_ = handle(ctx, e)
	span.End()
out:
	return nil // want "this return statement may be reached"
}

// describe ends the span in every case of a type switch; fallthrough
// reaches the End of the next case.
func describe(ctx context.Context, e Event, n int) string {
	_, span := tracer.Start(ctx, "describe")
	switch v := e.Payload.(type) {
	case string:
		span.End()
		return v
	case fmt.Stringer:
		span.End()
		return v.String()
	default:
		span.End()
	}
	switch {
	case n < 0:
		fallthrough
	case n == 0:
		return "zero or less"
	}
	return "positive"
}

// typeSwitchMiss forgets the int case.
func typeSwitchMiss(ctx context.Context, e Event) int {
	_, span := tracer.Start(ctx, "typeSwitchMiss") // want "span is not ended on all paths"
	switch v := e.Payload.(type) {
	case int:
		return v // want "this return statement may be reached"
	case string:
		span.End()
		return len(v)
	}
	span.End()
	return 0
}

// fallthroughEnd reaches End through fallthrough.
func fallthroughEnd(ctx context.Context, n int) {
	_, span := tracer.Start(ctx, "fallthrough")
	switch {
	case n > 10:
		fallthrough
	case n > 0:
		span.End()
	default:
		span.End()
	}
}
