// Package namederr checks functions whose error result is already named:
// the injected deferred function records that result as it is (err, and a
// name other than err), bare returns keep working.
package namederr

import (
	"context"
	"os"
)

// Size returns the size of the named file.
func Size(ctx context.Context, name string) (n int64, err error) {
	fi, err := os.Stat(name)
	if err != nil {
		return
	}
	n = fi.Size()
	return
}

// Remove deletes the named file.
func Remove(ctx context.Context, name string) (failure error) {
	failure = os.Remove(name)
	return failure
}
