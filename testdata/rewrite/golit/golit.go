// Package golit checks go statements running a function literal in a
// context function, alone and in a loop: each literal gets a ctx parameter,
// is passed the function's context, and starts a span "golit.Fanout/go";
// the loop's per-iteration variable keeps being captured as before.
package golit

import (
	"context"
	"fmt"
	"sync"
)

// Fanout prints every part concurrently and then a summary.
func Fanout(ctx context.Context, parts []string) {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(p)
		}()
	}
	wg.Wait()
	done := make(chan struct{})
	go func() {
		fmt.Println(len(parts), "parts")
		close(done)
	}()
	<-done
}
