// Package errfield reads a field named err: the error result the span
// records can still be called err, because a field name is no variable.
package errfield

import (
	"context"
	"fmt"
)

type result struct {
	name string
	err  error
}

func firstFailure(ctx context.Context, results []result) error {
	for _, r := range results {
		if r.err != nil {
			return fmt.Errorf("%s: %w", r.name, r.err)
		}
	}
	return nil
}
