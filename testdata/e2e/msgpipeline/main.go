// Command msgpipeline is pipeline with messages that carry their own
// context, the way a program prepared for tracing passes one along with
// each item.
package main

import (
	"context"
	"fmt"
)

type msg struct {
	Ctx context.Context
	N   int
}

func main() {
	run(context.Background())
}

func run(ctx context.Context) {
	out := square(ctx, gen(ctx, 1, 2, 3, 4, 5, 6, 7))
	sum := 0
	for m := range out {
		// Each message's context goes on with it; square leaves it unset,
		// so until something fills it in, show gets none.
		show(m.Ctx, m.N)
		sum += m.N
	}
	fmt.Println("sum:", sum)
}

// show stands in for work done with each message's context; it does too
// little for otelgen's span rule, so it asks for its span.
//
//otelgen:span
func show(ctx context.Context, n int) {
	fmt.Println(n)
}

// gen sets each message's context itself; square leaves it to whoever
// fills it in, so both ways of sending a message are covered.
func gen(ctx context.Context, nums ...int) <-chan msg {
	out := make(chan msg)
	go func() {
		defer close(out)
		for _, n := range nums {
			out <- msg{Ctx: ctx, N: n}
		}
	}()
	return out
}

func square(ctx context.Context, in <-chan msg) <-chan msg {
	out := make(chan msg)
	go func() {
		defer close(out)
		for m := range in {
			out <- msg{N: m.N * m.N}
		}
	}()
	return out
}
