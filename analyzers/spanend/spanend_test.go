package spanend_test

import (
	"bytes"
	"cmp"
	"go/format"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtrace/ctxtrace/analyzers/spanend"
)

func testdata() string { return filepath.Join(analysistest.TestData(), "src") }

// TestSpanEnd runs the default configuration over every case in one load
// (loading the OpenTelemetry module dominates the test's time). Cases with
// suggested fixes have .golden files next to their sources.
func TestSpanEnd(t *testing.T) {
	results := analysistest.RunWithSuggestedFixes(t, testdata(), spanend.Analyzer,
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
		"./explicitend",     // explicit Ends the fix replaces, and look-alikes it leaves alone
	)
	checkFixesExact(t, results)
}

// checkFixesExact checks what RunWithSuggestedFixes does not: that the
// fixes, applied as they are (RunWithSuggestedFixes formats both sides
// first), give each .golden file byte for byte and gofmt-clean, and that
// a file with a .golden file but no fix (where RunWithSuggestedFixes
// compares nothing) has a .golden file equal to it.
func checkFixesExact(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	for _, r := range results {
		if r.Pass == nil {
			continue
		}
		edits := make(map[string][]analysis.TextEdit)
		files := make(map[string]*token.File) // those with a .golden file
		for _, f := range r.Pass.Files {
			tf := r.Pass.Fset.File(f.Pos())
			if _, err := os.Stat(tf.Name() + ".golden"); err == nil {
				files[tf.Name()] = tf
			}
		}
		for _, d := range r.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					name := r.Pass.Fset.File(e.Pos).Name()
					edits[name] = append(edits[name], e)
				}
			}
		}
		for name, file := range files {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(name + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			got := applyEdits(t, src, edits[name], file.Base())
			if !bytes.Equal(got, want) {
				t.Errorf("%s: fixes applied as they are differ from the .golden file:\n%s", name, got)
			}
			if formatted, err := format.Source(got); err != nil || !bytes.Equal(formatted, got) {
				t.Errorf("%s: fixes applied as they are are not gofmt-clean (%v)", name, err)
			}
		}
	}
}

// applyEdits applies edits to src, whose token.File has the given base.
func applyEdits(t *testing.T, src []byte, edits []analysis.TextEdit, base int) []byte {
	t.Helper()
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return cmp.Compare(a.Pos, b.Pos) })
	var out []byte
	at := 0
	for _, e := range edits {
		from, to := int(e.Pos)-base, int(e.End)-base
		if from < at {
			t.Fatalf("overlapping edits at offset %d", from)
		}
		out = append(append(out, src[at:from]...), e.NewText...)
		at = to
	}
	return append(out, src[at:]...)
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
