module cases

go 1.26.0

// The outputs of the init cases also import the SDK and its exporters
// (the support file's setup), which no input does. The versions are those
// otelgen -w adds to a module that requires nothing (rewrite.InjectedModules),
// with what they select, so the testscripts that run -w offline find them
// in a module cache that holds what this module needs.
require (
	go.opentelemetry.io/contrib/exporters/autoexport v0.72.0
	go.opentelemetry.io/otel v1.47.0
	go.opentelemetry.io/otel/sdk v1.47.0
	go.opentelemetry.io/otel/trace v1.47.0
)

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
	go.opentelemetry.io/otel/metric v1.47.0 // indirect
)
