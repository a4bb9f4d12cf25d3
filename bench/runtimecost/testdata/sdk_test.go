package runtimecost_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// RUNTIMECOST_SDK chooses the tracer provider for the whole process. It
// cannot change between benchmarks: a package-level otel.Tracer delegates
// to the first provider ever installed, for good.
//
//	none (or unset)  no SDK: the global no-op provider, the default
//	never            the SDK, sampling nothing (NeverSample)
//	always           the SDK, sampling everything, into a batch span
//	                 processor whose exporter discards the batches
//	record           the SDK, sampling everything, into a SpanRecorder
//	                 (for TestSpans; benchmarks are skipped)
const sdkEnv = "RUNTIMECOST_SDK"

var (
	sdkMode  string
	recorder *tracetest.SpanRecorder
)

func TestMain(m *testing.M) {
	sdkMode = os.Getenv(sdkEnv)
	if sdkMode == "" {
		sdkMode = "none"
	}
	var tp *sdktrace.TracerProvider
	switch sdkMode {
	case "none":
	case "never":
		tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()))
	case "always":
		tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()),
			sdktrace.WithBatcher(discardExporter{}))
	case "record":
		recorder = tracetest.NewSpanRecorder()
		tp = sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()),
			sdktrace.WithSpanProcessor(recorder))
	default:
		fmt.Fprintf(os.Stderr, "%s=%q: want none, never, always or record\n", sdkEnv, sdkMode)
		os.Exit(2)
	}
	if tp != nil {
		otel.SetTracerProvider(tp)
	}
	code := m.Run()
	if tp != nil {
		if err := tp.Shutdown(context.Background()); err != nil {
			fmt.Fprintf(os.Stderr, "shut down the tracer provider: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// discardExporter is the cheapest exporter the batch processor can have,
// so that AlwaysSample measures recording and batching, not export.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }
