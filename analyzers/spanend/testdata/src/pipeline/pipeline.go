// Package pipeline passes items with their spans through channels and
// goroutines: each span is ended by a later stage, never where it started.
package pipeline

import (
	"context"
	"strings"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("testcases/pipeline")

// Item travels through the stages with its context, which carries the
// item's root span.
type Item struct {
	Ctx  context.Context
	Root trace.Span
	Text string
}

// produce starts each item's root span and sends it downstream.
func produce(ctx context.Context, lines []string) <-chan Item {
	out := make(chan Item)
	go func() {
		defer close(out)
		for _, l := range lines {
			itemCtx, root := tracer.Start(ctx, "item")
			root.SetAttributes(attribute.Int("len", len(l)))
			select {
			case out <- Item{Ctx: itemCtx, Root: root, Text: l}:
			case <-ctx.Done():
				root.End()
				return
			}
		}
	}()
	return out
}

// transform annotates each item in a child span it ends itself.
func transform(in <-chan Item) <-chan Item {
	out := make(chan Item)
	go func() {
		defer close(out)
		for it := range in {
			_, span := tracer.Start(it.Ctx, "transform")
			it.Text = strings.ToUpper(it.Text)
			span.End()
			out <- it
		}
	}()
	return out
}

// sink is the last stage: it ends every item's root span.
func sink(in <-chan Item, wg *sync.WaitGroup) {
	defer wg.Done()
	for it := range in {
		trace.SpanFromContext(it.Ctx).AddEvent("stored")
		it.Root.End()
	}
}

func Run(ctx context.Context, lines []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go sink(transform(produce(ctx, lines)), &wg)
	wg.Wait()
}

// produceCtxOnly sends only the context: the sink ends the root span
// through trace.SpanFromContext.
func produceCtxOnly(ctx context.Context, lines []string, out chan<- Item) {
	for _, l := range lines {
		itemCtx, root := tracer.Start(ctx, "item")
		root.SetAttributes(attribute.String("text", l))
		out <- Item{Ctx: itemCtx, Text: l}
	}
	close(out)
}

func sinkCtxOnly(in <-chan Item) {
	for it := range in {
		trace.SpanFromContext(it.Ctx).End()
	}
}

// fanIn merges results; the merge span ends in a goroutine after wg.Wait.
func fanIn(ctx context.Context, sources ...<-chan string) <-chan string {
	ctx, span := tracer.Start(ctx, "fanIn")
	out := make(chan string)
	var wg sync.WaitGroup
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range src {
				select {
				case out <- s:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		span.End()
		close(out)
	}()
	return out
}
