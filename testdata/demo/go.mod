module example.com/demo

go 1.26.0

require go.opentelemetry.io/otel v1.47.0

require (
	github.com/aymanbagabas/go-udiff v0.4.1 // indirect
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/ctxtrace/ctxtrace v0.0.0-00010101000000-000000000000 // indirect
	github.com/dave/dst v0.28.0 // indirect
	github.com/go-logr/logr v1.4.4 // indirect
	github.com/go-logr/stdr v1.2.2 // indirect
	go.opentelemetry.io/auto/sdk v1.2.1 // indirect
	go.opentelemetry.io/otel/log v1.47.0 // indirect
	go.opentelemetry.io/otel/metric v1.47.0 // indirect
	go.opentelemetry.io/otel/trace v1.47.0 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/tools v0.52.0 // indirect
)

tool (
	github.com/ctxtrace/ctxtrace/cmd/ctxlint
	github.com/ctxtrace/ctxtrace/cmd/otelgen
)

replace github.com/ctxtrace/ctxtrace => ../..
