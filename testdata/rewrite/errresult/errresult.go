// Package errresult checks functions with unnamed results ending in error:
// the span records the returned error, which needs the results named (or an
// equivalent), and every return path must still compile and return the same
// values.
package errresult

import (
	"context"
	"errors"
	"strconv"
)

var errEmpty = errors.New("empty input")

// Parse parses s as a decimal integer.
func Parse(ctx context.Context, s string) (int, error) {
	if s == "" {
		return 0, errEmpty
	}
	return strconv.Atoi(s)
}

// Check reports whether s is non-empty.
func Check(ctx context.Context, s string) error {
	if s == "" {
		return errEmpty
	}
	return nil
}
