package analyzers_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtrace/ctxtrace/analyzers"
)

// TestCleanCodeIsQuiet runs each of ctxtrace's analyzers over correctly
// instrumented concurrent code (worker pool, context-carrying pipeline,
// fan-in, errgroup, select with timeouts, deliberate detachment): the
// testdata has no // want comments, so any diagnostic fails the test.
func TestCleanCodeIsQuiet(t *testing.T) {
	dir := filepath.Join(analysistest.TestData(), "src")
	for _, a := range analyzers.Ours() {
		t.Run(a.Name, func(t *testing.T) {
			analysistest.Run(t, dir, a, "./clean")
		})
	}
}
