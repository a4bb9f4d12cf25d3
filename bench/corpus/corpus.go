// Package corpus only names the modules of the benchmark corpus, so that
// go mod tidy keeps them and their test dependencies in go.sum.
package corpus

import (
	_ "github.com/prometheus/client_golang/prometheus"
	_ "go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	_ "go.opentelemetry.io/otel/sdk/trace"
	_ "google.golang.org/grpc"
)
