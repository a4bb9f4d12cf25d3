// Package ticker checks a range over a channel of another package
// (time.Ticker.C): each tick gets an item span parented to the function's
// context, but the channel cannot be wrapped in carry.Item and is left as
// it is.
package ticker

import (
	"context"
	"time"
)

// Poll waits for n ticks and returns the time of the last one.
func Poll(ctx context.Context, every time.Duration, n int) time.Time {
	t := time.NewTicker(every)
	defer t.Stop()
	var last time.Time
	count := 0
	for now := range t.C {
		last = now
		count++
		if count == n {
			break
		}
	}
	return last
}
