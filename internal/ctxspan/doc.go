// Package ctxspan is ctxtrace's single definition of the tracing vocabulary
// that its analyzers (ctxlint) and its rewriter (otelgen) must agree on:
// which values are contexts and spans, which calls start spans or create
// root contexts, which statements launch goroutines, and which of the
// caller's contexts are visible at a given position of a function.
//
// Everything here works on go/ast and go/types, so that analysis passes and
// go/packages-based tools can use it alike.
package ctxspan
