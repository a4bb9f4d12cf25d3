// Command initownprovider checks that -init leaves alone a program that
// installs a global tracer provider itself, here in a helper of main:
// a provider installed before it would take the spans of every tracer
// acquired in between. Its functions are instrumented as usual.
package main

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace/noop"
)

func main() {
	setupTracing()
	run(context.Background())
}

func setupTracing() {
	otel.SetTracerProvider(noop.NewTracerProvider())
}

func run(ctx context.Context) {
	fmt.Println("run")
}
