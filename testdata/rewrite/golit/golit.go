// Package golit checks go statements running a function literal in a
// context function, alone and in a loop: each literal starts a span
// "golit.Fanout/go" from the context it captures, which nothing assigns
// after its declaration; the loop's per-iteration variable keeps being
// captured as before. Where the function assigns the context later, or
// takes its address, the literal gets it as a parameter instead, so it
// starts from the value at the go statement.
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

// Relabel assigns ctx after starting the goroutine: the goroutine must
// start from the context as it was at the go statement.
func Relabel(ctx context.Context, out chan<- string) {
	go func() {
		out <- fmt.Sprint(ctx.Value(key{}))
	}()
	ctx = context.WithValue(ctx, key{}, "relabelled")
	out <- fmt.Sprint(ctx.Value(key{}))
}

// Pointer hands ctx's address to code that may change it.
func Pointer(ctx context.Context, done chan<- struct{}) {
	go func() {
		<-ctx.Done()
		close(done)
	}()
	reset(&ctx)
}

type key struct{}

func reset(ctx *context.Context) { *ctx = context.Background() }
