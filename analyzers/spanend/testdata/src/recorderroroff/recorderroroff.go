// Package recorderroroff returns unrecorded errors from traced functions;
// without -spanend.record-error that is not reported.
package recorderroroff

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("testcases/recorderroroff")

var errNotFound = errors.New("not found")

func find(ctx context.Context, users map[string]string, id string) (string, error) {
	_, span := tracer.Start(ctx, "find")
	defer span.End()
	name, ok := users[id]
	if !ok {
		return "", errNotFound
	}
	return name, nil
}
