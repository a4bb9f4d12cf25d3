// Package errresult checks functions with unnamed results ending in error:
// the span records the returned error, which needs the results named (or an
// equivalent), and every return path must still compile and return the same
// values. A function go doc shows keeps its signature as written, so its
// span ends without the error.
package errresult

import (
	"context"
	"errors"
	"strconv"
)

var errEmpty = errors.New("empty input")

// parse parses s as a decimal integer.
func parse(ctx context.Context, s string) (int, error) {
	if s == "" {
		return 0, errEmpty
	}
	return strconv.Atoi(s)
}

// check reports whether s is non-empty.
func check(ctx context.Context, s string) error {
	if s == "" {
		return errEmpty
	}
	return nil
}

// Parse is parse for callers of the package: its results stay unnamed.
func Parse(ctx context.Context, s string) (int, error) {
	if err := check(ctx, s); err != nil {
		return 0, err
	}
	return parse(ctx, s)
}

// Number is a decimal number.
type Number string

// Int is parse as a method go doc shows.
func (n Number) Int(ctx context.Context) (int, error) {
	return parse(ctx, string(n))
}

type number string

// Int is parse as a method of an unexported type, which go doc does not
// show: its results are named.
func (n number) Int(ctx context.Context) (int, error) {
	return parse(ctx, string(n))
}
