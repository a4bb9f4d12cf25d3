// Package testfiles has a _test.go file that ctxdrop checks by default.
package testfiles

import "context"

func Seed(ctx context.Context, rows []string) error {
	for range rows {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}
