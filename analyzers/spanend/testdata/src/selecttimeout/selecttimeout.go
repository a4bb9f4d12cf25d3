// Package selecttimeout waits on two producers with a timeout.
package selecttimeout

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("testcases/selecttimeout")

type Quote struct {
	Source string
	Price  float64
}

var errTimeout = errors.New("no quote in time")

// bestQuote returns on timeout without ending the span.
func bestQuote(ctx context.Context, a, b <-chan Quote) (Quote, error) {
	_, span := tracer.Start(ctx, "bestQuote") // want "span is not ended on all paths"
	var got []Quote
	for len(got) < 2 {
		select {
		case q := <-a:
			got = append(got, q)
		case q := <-b:
			got = append(got, q)
		case <-time.After(50 * time.Millisecond):
			return Quote{}, errTimeout // want "this return statement may be reached"
		}
	}
	span.End()
	if got[0].Price < got[1].Price {
		return got[0], nil
	}
	return got[1], nil
}

// bestQuoteEnded ends the span on the timeout path too.
func bestQuoteEnded(ctx context.Context, a, b <-chan Quote) (Quote, error) {
	_, span := tracer.Start(ctx, "bestQuote")
	var got []Quote
	for len(got) < 2 {
		select {
		case q := <-a:
			got = append(got, q)
		case q := <-b:
			got = append(got, q)
		case <-time.After(50 * time.Millisecond):
			span.SetStatus(codes.Error, "timeout")
			span.End()
			return Quote{}, errTimeout
		}
	}
	span.End()
	if got[0].Price < got[1].Price {
		return got[0], nil
	}
	return got[1], nil
}

// firstQuote defers End, so the early return is fine.
func firstQuote(ctx context.Context, a, b <-chan Quote) (Quote, error) {
	ctx, span := tracer.Start(ctx, "firstQuote")
	defer span.End()
	select {
	case q := <-a:
		return q, nil
	case q := <-b:
		return q, nil
	case <-ctx.Done():
		return Quote{}, ctx.Err()
	case <-time.After(time.Second):
		return Quote{}, errTimeout
	}
}
