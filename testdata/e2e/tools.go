//go:build tools

// Package tools keeps in go.mod what otelgen's output (with -init, its
// setup's exporters too) and the e2e test hook import but the untraced
// examples do not, so that "go mod tidy" leaves the
// requirements and go.sum lines in place and the rewritten programs build
// with GOPROXY=off. The build tag keeps it out of every real build.
package tools

import (
	_ "go.opentelemetry.io/contrib/exporters/autoexport"
	_ "go.opentelemetry.io/otel"
	_ "go.opentelemetry.io/otel/attribute"
	_ "go.opentelemetry.io/otel/codes"
	_ "go.opentelemetry.io/otel/propagation"
	_ "go.opentelemetry.io/otel/sdk/resource"
	_ "go.opentelemetry.io/otel/sdk/trace"
	_ "go.opentelemetry.io/otel/sdk/trace/tracetest"
	_ "go.opentelemetry.io/otel/trace"
)
