// Package labels checks bodies with labels and goto: the injected
// statements go before the first label, and nothing injected may sit
// between a goto and the label it jumps forward to.
package labels

import "context"

// Prefix returns the length of the non-negative prefix of xs, minus one if
// it is not empty.
func Prefix(ctx context.Context, xs []int) int {
	i := 0
loop:
	if i < len(xs) && xs[i] >= 0 {
		i++
		goto loop
	}
	if i == 0 {
		goto done
	}
	i--
done:
	return i
}

// retry calls try until it succeeds or attempts run out.
func retry(ctx context.Context, attempts int, try func(context.Context) error) error {
	n := 0
again:
	if err := try(ctx); err != nil {
		n++
		if n < attempts {
			goto again
		}
		return err
	}
	return nil
}
