// Package analyzers lists ctxtrace's analyzer suite for drivers: the ctxlint
// command, and anything else that hosts analyzers (golangci-lint plugins,
// Bazel's nogo). Each analyzer lives in its own package below this one.
package analyzers

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/suite/vet"

	"github.com/ctxtrace/ctxtrace/analyzers/ctxdrop"
	"github.com/ctxtrace/ctxtrace/analyzers/recordrace"
	"github.com/ctxtrace/ctxtrace/analyzers/spanend"
)

// Ours returns ctxtrace's own analyzers.
func Ours() []*analysis.Analyzer {
	return []*analysis.Analyzer{ctxdrop.Analyzer, spanend.Analyzer, recordrace.Analyzer}
}

// All returns ctxtrace's analyzers followed by the analyzers that go vet
// runs by default. "go vet -vettool" replaces vet's own suite, so a
// vettool that switched to ctxlint would otherwise lose vet's checks.
func All() []*analysis.Analyzer {
	return append(Ours(), vet.Suite...)
}
