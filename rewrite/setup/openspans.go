package setup

import (
	"context"
	"sync/atomic"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// EndGrace is how long shutdown waits for spans still open when main
// returns. A goroutine that unblocked main (by closing the channel main
// ranges over) ends its own span a moment later, and the provider drops
// spans that end after it shut down. On a loaded machine that goroutine
// may not run for a while: 100 ms lost such a span in one CI run of the
// race-built end-to-end test. A span that never ends, in a goroutine still
// blocked at exit, delays the exit by this much.
const EndGrace = 300 * time.Millisecond

// openSpans counts the spans started and not yet ended.
type openSpans struct{ n atomic.Int64 }

func (o *openSpans) OnStart(context.Context, sdktrace.ReadWriteSpan) { o.n.Add(1) }
func (o *openSpans) OnEnd(sdktrace.ReadOnlySpan)                     { o.n.Add(-1) }
func (o *openSpans) Shutdown(context.Context) error                  { return nil }
func (o *openSpans) ForceFlush(context.Context) error                { return nil }

// wait returns when every span has ended, or after grace, or when ctx is
// done, whichever comes first.
func (o *openSpans) wait(ctx context.Context, grace time.Duration) {
	deadline := time.Now().Add(grace)
	for o.n.Load() > 0 && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(time.Millisecond)
	}
}
