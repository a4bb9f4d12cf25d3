// Package testsoff has a _test.go file that ctxdrop skips with -tests=false.
package testsoff

import "context"

func Seed(ctx context.Context, rows []string) error {
	for range rows {
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Drop is outside the test files and still checked.
func Drop(ctx context.Context) error {
	return Seed(context.TODO(), nil) // want `context.TODO\(\) drops ctx, the caller's context; pass ctx`
}
