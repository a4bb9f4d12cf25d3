package clean

import (
	"context"
	"strconv"
	"sync"

	"go.opentelemetry.io/otel/trace"
)

// Msg carries its item's context (and so its span) from stage to stage.
type Msg struct {
	Ctx  context.Context
	Root trace.Span
	N    int
	Text string
}

// Pipeline runs three stages; each item's root span starts in the source
// and is ended by the last stage, so ownership travels with the message.
func Pipeline(ctx context.Context, n int) []string {
	src := make(chan Msg)
	go func() {
		defer close(src)
		for i := range n {
			itemCtx, root := tracer.Start(ctx, "item")
			src <- Msg{Ctx: itemCtx, Root: root, N: i}
		}
	}()
	doubled := stage(ctx, src, func(m Msg) Msg { m.N *= 2; return m })
	named := stage(ctx, doubled, func(m Msg) Msg { m.Text = strconv.Itoa(m.N); return m })

	var out []string
	for m := range named {
		_, span := tracer.Start(m.Ctx, "sink")
		out = append(out, m.Text)
		span.End()
		m.Root.End()
	}
	return out
}

func stage(ctx context.Context, in <-chan Msg, f func(Msg) Msg) <-chan Msg {
	out := make(chan Msg)
	go func() {
		defer close(out)
		for m := range in {
			stageCtx, span := tracer.Start(m.Ctx, "stage")
			m.Ctx = stageCtx
			select {
			case out <- f(m):
			case <-ctx.Done():
				span.End()
				return
			}
			span.End()
		}
	}()
	return out
}

// FanIn merges producers; the merge span ends in its own goroutine once
// every producer is done.
func FanIn(ctx context.Context, producers ...<-chan int) <-chan int {
	mergeCtx, span := tracer.Start(ctx, "FanIn")
	out := make(chan int)
	var wg sync.WaitGroup
	for _, p := range producers {
		wg.Go(func() {
			for v := range p {
				select {
				case out <- v:
				case <-mergeCtx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(out)
		span.End()
	}()
	return out
}
