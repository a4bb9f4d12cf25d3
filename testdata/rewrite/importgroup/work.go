// Package importgroup checks a file whose one import group holds no
// standard library package, where injected code needs "context": the
// import joins that group, as its first, standard-library part, instead of
// opening a second import declaration.
package importgroup

import (
	"go.opentelemetry.io/otel/baggage"
)

// Fill sends every key, with the baggage ctx carries, from a goroutine of
// its own. Assigning ctx makes each goroutine receive it as a parameter.
func Fill(ctx Ctx, keys []string, out chan<- string) {
	ctx = baggage.ContextWithoutBaggage(ctx)
	for _, k := range keys {
		go func() {
			out <- k + baggage.FromContext(ctx).String()
		}()
	}
}
