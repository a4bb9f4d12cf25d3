// Package collision checks a body that already declares err, span and
// tracer at its top level and starts a goroutine after them: the injected
// span, error result and tracer must use names that neither collide with
// nor are shadowed by the user's.
package collision

import (
	"context"
	"fmt"
)

// compute doubles n and logs what it did.
func compute(ctx context.Context, n int) (int, error) {
	var err error
	span := n * 2
	tracer := fmt.Sprintf("compute %d", n)
	if span < 0 {
		err = fmt.Errorf("negative: %d", span)
	}
	go audit(tracer)
	return span, err
}

func audit(msg string) {
	fmt.Println(msg)
}
