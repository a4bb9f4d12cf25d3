// Package setup configures the OpenTelemetry SDK for a whole program from
// the standard OTEL_* environment variables, so that code otelgen
// instrumented exports its spans without hand-written setup. otelgen -init
// injects a call as the first statement of main:
//
//	defer setup.Tracing()() //otelgen:gen
//
// Tracing honours
//
//   - OTEL_SDK_DISABLED=true: leave tracing off (the API's no-op provider).
//   - OTEL_TRACES_EXPORTER: otlp (the default when unset), console (span
//     JSON on standard output), or none (tracing off: no SDK is built, so
//     spans cost what they cost uninstrumented).
//   - OTEL_EXPORTER_OTLP_PROTOCOL and OTEL_EXPORTER_OTLP_TRACES_PROTOCOL:
//     http/protobuf (the default) or grpc.
//   - OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
//     OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT,
//     OTEL_EXPORTER_OTLP_COMPRESSION, OTEL_EXPORTER_OTLP_INSECURE,
//     OTEL_EXPORTER_OTLP_CERTIFICATE and their _TRACES_ forms, as the OTLP
//     exporters read them (the default endpoint is localhost:4318 for
//     http/protobuf, localhost:4317 for grpc).
//   - OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES: the resource, which
//     also carries telemetry.sdk.* and a random service.instance.id; without
//     a name the service is unknown_service:<executable>.
//   - OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG (default
//     parentbased_always_on), the OTEL_BSP_* batch processor settings and
//     the OTEL_SPAN_*_LIMIT limits, as the SDK reads them.
//
// The propagator is always W3C trace context and baggage, which keeps a
// trace that arrives in a request's headers going even with tracing off.
package setup

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// ShutdownTimeout bounds how long the shutdown Tracing returns waits for
// the last spans to end (at most EndGrace of it) and be exported: an
// unresponsive collector must delay the program's exit by seconds, not by
// the exporter's minute of retries.
const ShutdownTimeout = 5 * time.Second

// Tracing installs a tracer provider configured from the environment as
// the global one and returns a function that flushes and stops it; defer
// it in main. os.Exit and log.Fatal skip deferred calls, so spans still
// buffered then are lost.
//
// A configuration that cannot be honoured (an unknown exporter, a
// malformed OTEL_RESOURCE_ATTRIBUTES) is reported as one line on standard
// error and leaves tracing off: the program runs on as it would
// uninstrumented. Failed exports, during the run or when flushing, are
// reported one line each too and do not stop the program.
func Tracing() (shutdown func()) {
	return start(context.Background(), os.Stderr)
}

func start(ctx context.Context, stderr io.Writer) func() {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	off := func() {}
	if strings.EqualFold(strings.TrimSpace(os.Getenv("OTEL_SDK_DISABLED")), "true") {
		return off
	}
	// The default handler logs through the log package with a timestamp;
	// the SDK reports failed exports and ignored settings to it.
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) { report(stderr, "%v", err) }))
	exporter, err := autoexport.NewSpanExporter(ctx)
	if err != nil {
		report(stderr, "tracing off: exporter (OTEL_TRACES_EXPORTER=%q): %v", os.Getenv("OTEL_TRACES_EXPORTER"), err)
		return off
	}
	if autoexport.IsNoneSpanExporter(exporter) {
		return off
	}
	res, err := resource.New(ctx, resource.WithTelemetrySDK(), resource.WithService(), resource.WithFromEnv())
	if err != nil {
		_ = exporter.Shutdown(ctx)
		report(stderr, "tracing off: resource from OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES: %v", err)
		return off
	}
	open := new(openSpans)
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(open), sdktrace.WithBatcher(exporter), sdktrace.WithResource(res))
	otel.SetTracerProvider(provider)
	return func() {
		// The flush must not end with whatever ended the setup context.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ShutdownTimeout)
		defer cancel()
		open.wait(ctx, EndGrace)
		if err := provider.Shutdown(ctx); err != nil {
			report(stderr, "flushing spans: %v", err)
		}
	}
}

// report writes one line, whatever line breaks the error carries: it
// shares standard error with the program's own output.
func report(w io.Writer, format string, args ...any) {
	msg := strings.Join(strings.Fields(fmt.Sprintf(format, args...)), " ")
	fmt.Fprintln(w, "opentelemetry: "+msg)
}
