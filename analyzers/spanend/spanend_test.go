package spanend_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtrace/ctxtrace/analyzers/spanend"
)

func testdata() string { return filepath.Join(analysistest.TestData(), "src") }

// TestSpanEnd runs the default configuration over every case in one load
// (loading the OpenTelemetry module dominates the test's time). Cases with
// suggested fixes have .golden files next to their sources.
func TestSpanEnd(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), spanend.Analyzer,
		"./earlyreturn",     // early returns, error branches, defers, panics, generics, methods
		"./discard",         // ctx, _ := Start(...) and friends
		"./loopdefer",       // defer End in loops, iterations that skip End
		"./overwrite",       // span variables reassigned while open
		"./spanfromcontext", // ending the caller's span
		"./handoff",         // spans returned, stored, sent, passed, captured; wrapper callers
		"./pipeline",        // channel pipeline and fan-in that end spans elsewhere
		"./controlflow",     // labels, goto, switch, fallthrough
		"./selecttimeout",   // select with time.After returning early
		"./shadow",          // shadowed span and ctx variables
		"./suppress",        // //ctxlint:ignore
		"./recorderroroff",  // unrecorded errors, flag off: silent
	)
}

func TestRecordErrorOn(t *testing.T) {
	setFlag(t, "record-error", "true")
	analysistest.Run(t, testdata(), spanend.Analyzer, "./recorderror")
}

// setFlag sets one of the analyzer's flags for the duration of the test.
func setFlag(t *testing.T, name, value string) {
	t.Helper()
	f := spanend.Analyzer.Flags.Lookup(name)
	if f == nil {
		t.Fatalf("no flag %q", name)
	}
	old := f.Value.String()
	if err := spanend.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := spanend.Analyzer.Flags.Set(name, old); err != nil {
			t.Error(err)
		}
	})
}
