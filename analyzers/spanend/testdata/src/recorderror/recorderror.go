// Package recorderror runs with -spanend.record-error: errors returned
// from a traced function should be recorded on its span.
package recorderror

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"golang.org/x/sync/errgroup"
)

var tracer = otel.Tracer("testcases/recorderror")

type Invoice struct {
	ID    string
	Lines []float64
}

var errEmpty = errors.New("empty invoice")

func persist(ctx context.Context, inv Invoice) error { return nil }

// total returns the error without recording it.
func total(ctx context.Context, inv Invoice) (float64, error) {
	_, span := tracer.Start(ctx, "total")
	defer span.End()
	if len(inv.Lines) == 0 {
		return 0, errEmpty // want "error returned without recording it on the span started on line 29"
	}
	var sum float64
	for _, l := range inv.Lines {
		sum += l
	}
	return sum, nil
}

// save records the error before returning it.
func save(ctx context.Context, inv Invoice) error {
	ctx, span := tracer.Start(ctx, "save")
	defer span.End()
	if err := persist(ctx, inv); err != nil {
		span.RecordError(err)
		return fmt.Errorf("save %s: %w", inv.ID, err)
	}
	return nil
}

// saveStatus sets an error status instead.
func saveStatus(ctx context.Context, inv Invoice) error {
	ctx, span := tracer.Start(ctx, "saveStatus")
	defer span.End()
	if err := persist(ctx, inv); err != nil {
		span.SetStatus(codes.Error, err.Error())
		return err
	}
	return nil
}

// okStatus sets a status that is not an error.
func okStatus(ctx context.Context, inv Invoice) error {
	ctx, span := tracer.Start(ctx, "okStatus")
	defer span.End()
	span.SetStatus(codes.Ok, "")
	return persist(ctx, inv) // want "error returned without recording it"
}

// deferredRecorder records the named error result for every path.
func deferredRecorder(ctx context.Context, inv Invoice) (err error) {
	ctx, span := tracer.Start(ctx, "deferredRecorder")
	defer func() {
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}()
	if len(inv.Lines) == 0 {
		return errEmpty
	}
	return persist(ctx, inv)
}

// endedFirst ends its span before a later, unrelated error.
func endedFirst(ctx context.Context, inv Invoice) error {
	_, span := tracer.Start(ctx, "validate")
	ok := len(inv.Lines) > 0
	span.End()
	if !ok {
		return errEmpty
	}
	return nil
}

func recordAndWrap(span trace.Span, err error) error {
	span.RecordError(err)
	return err
}

// helperRecords hands the span to a helper that records the error.
func helperRecords(ctx context.Context, inv Invoice) error {
	ctx, span := tracer.Start(ctx, "helperRecords")
	defer span.End()
	if err := persist(ctx, inv); err != nil {
		return recordAndWrap(span, err)
	}
	return nil
}

// saveAll runs one errgroup task per invoice; each task has its own span.
func saveAll(ctx context.Context, invoices []Invoice) error {
	ctx, span := tracer.Start(ctx, "saveAll")
	defer span.End()
	g, ctx := errgroup.WithContext(ctx)
	for _, inv := range invoices {
		g.Go(func() error {
			ctx, span := tracer.Start(ctx, "saveOne")
			defer span.End()
			if err := persist(ctx, inv); err != nil {
				span.RecordError(err)
				return err
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, "some invoices failed")
		return err
	}
	return nil
}

// saveAllUnrecorded's tasks return errors without recording them.
func saveAllUnrecorded(ctx context.Context, invoices []Invoice) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, inv := range invoices {
		g.Go(func() error {
			ctx, span := tracer.Start(ctx, "saveOne")
			defer span.End()
			if len(inv.Lines) == 0 {
				return fmt.Errorf("invoice %s: %w", inv.ID, errEmpty) // want "error returned without recording it"
			}
			return persist(ctx, inv) // want "error returned without recording it"
		})
	}
	return g.Wait()
}
