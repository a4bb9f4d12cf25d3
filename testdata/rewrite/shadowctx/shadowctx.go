// Package shadowctx checks functions whose ctx is shadowed inside: a go
// statement under a block that rebinds ctx to a derived context must pass
// that inner context, and one where ctx names a string must not touch it
// (no context is visible there).
package shadowctx

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Notify sends one message per name; the loop variable ctx is a string.
func Notify(ctx context.Context, names []string) {
	var wg sync.WaitGroup
	for _, ctx := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("notify", ctx)
		}()
	}
	wg.Wait()
}

// Poll waits for ready under a deadline derived in an inner block.
func Poll(ctx context.Context, ready <-chan struct{}) bool {
	{
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		go report("poll")
		select {
		case <-ready:
			return true
		case <-ctx.Done():
			return false
		}
	}
}

func report(what string) {
	fmt.Println(what, "started")
}
