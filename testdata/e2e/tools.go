//go:build tools

// Package tools keeps in go.mod what otelgen's output and the e2e test hook
// import but the untraced examples do not, so that "go mod tidy" leaves the
// requirements and go.sum lines in place and the rewritten programs build
// with GOPROXY=off. The build tag keeps it out of every real build.
package tools

import (
	_ "github.com/ctxtrace/ctxtrace/rewrite/carry"
	_ "go.opentelemetry.io/otel"
	_ "go.opentelemetry.io/otel/attribute"
	_ "go.opentelemetry.io/otel/codes"
	_ "go.opentelemetry.io/otel/sdk/trace"
	_ "go.opentelemetry.io/otel/sdk/trace/tracetest"
	_ "go.opentelemetry.io/otel/trace"
)
