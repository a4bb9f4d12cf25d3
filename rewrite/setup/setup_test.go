package setup

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// These tests cover the ways tracing stays off, which leave the global
// provider as they found it; the end-to-end test in package rewrite runs
// an instrumented binary with each exporter.

// TestOffBuildsNoSDK checks that with tracing switched off no SDK is
// installed, so a span costs what it costs uninstrumented, and nothing is
// reported.
func TestOffBuildsNoSDK(t *testing.T) {
	for _, env := range []map[string]string{
		{"OTEL_TRACES_EXPORTER": "none"},
		{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"},
		{"OTEL_SDK_DISABLED": " TRUE ", "OTEL_TRACES_EXPORTER": "jaeger"},
	} {
		for k, v := range env {
			t.Setenv(k, v)
		}
		var stderr bytes.Buffer
		shutdown := start(context.Background(), &stderr)
		if tp, ok := otel.GetTracerProvider().(*sdktrace.TracerProvider); ok {
			t.Fatalf("%v: the global tracer provider is the SDK's %p, want the API's no-op", env, tp)
		}
		_, span := otel.Tracer("test").Start(context.Background(), "op")
		if span.IsRecording() {
			t.Errorf("%v: spans record", env)
		}
		span.End()
		shutdown()
		if stderr.Len() != 0 {
			t.Errorf("%v: reported %q", env, stderr.String())
		}
		for k := range env {
			t.Setenv(k, "")
		}
	}
}

// TestReportIsOneLine checks that an error spanning lines, as wrapped
// transport errors can, is reported on one line.
func TestReportIsOneLine(t *testing.T) {
	var stderr bytes.Buffer
	report(&stderr, "flushing spans: %v", errors.New("first\nsecond\r\n\tthird"))
	if got, want := stderr.String(), "opentelemetry: flushing spans: first second third\n"; got != want {
		t.Errorf("report wrote %q, want %q", got, want)
	}
}
