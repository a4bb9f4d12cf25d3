// Package handinstrumented checks code its author already instrumented by
// hand. Expected (the injected shapes start a span at the top of each
// context function): Save, whose body already opens with tracer.Start and
// defer span.End(), is left alone, because a second span around it would
// only duplicate the user's; store, which has no span of its own, gets one.
// The package's own tracer must not be redeclared.
package handinstrumented

import (
	"context"
	"errors"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("example.com/handinstrumented")

// Save stores key.
func Save(ctx context.Context, key string) error {
	ctx, span := tracer.Start(ctx, "save")
	defer span.End()
	return store(ctx, key)
}

func store(ctx context.Context, key string) error {
	if key == "" {
		return errors.New("empty key")
	}
	return nil
}
