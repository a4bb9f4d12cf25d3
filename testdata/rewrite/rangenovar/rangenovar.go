// Package rangenovar checks "for range ch" without a variable on a
// package-local channel: the loop still gets an item span per received
// item, parented to the item's context, and counts the same items.
package rangenovar

import "context"

// Drain sends n values through a buffered channel and counts them.
func Drain(ctx context.Context, n int) int {
	ch := make(chan struct{}, n)
	for range n {
		ch <- struct{}{}
	}
	close(ch)
	count := 0
	for range ch {
		count++
	}
	return count
}
