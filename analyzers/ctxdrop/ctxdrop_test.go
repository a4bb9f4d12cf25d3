package ctxdrop_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/ctxtrace/ctxtrace/analyzers/ctxdrop"
)

func testdata() string { return filepath.Join(analysistest.TestData(), "src") }

// TestFixes runs the cases whose diagnostics carry suggested fixes and
// compares the fixed sources with their .golden files.
func TestFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(), ctxdrop.Analyzer,
		"./roots",   // context.Background/TODO with a caller's context in scope
		"./workers", // goroutines, worker pools and errgroups
		"./handler", // *http.Request handlers, http.Get, http.NewRequest
		"./noctx",   // main, init and Background-rooted helpers
		"./shadow",  // the fix names the visible context
		"./twins",   // Foo calls with a FooContext twin
		"./spanctx", // the old context passed while a span is live
	)
}

func TestIgnoreDirective(t *testing.T) {
	analysistest.Run(t, testdata(), ctxdrop.Analyzer, "./ignore")
}

func TestTestFilesCheckedByDefault(t *testing.T) {
	analysistest.Run(t, testdata(), ctxdrop.Analyzer, "./testfiles")
}

func TestTestsFlagOff(t *testing.T) {
	flag := ctxdrop.Analyzer.Flags.Lookup("tests")
	old := flag.Value.String()
	if err := ctxdrop.Analyzer.Flags.Set("tests", "false"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ctxdrop.Analyzer.Flags.Set("tests", old); err != nil {
			t.Errorf("restoring -tests: %v", err)
		}
	})
	analysistest.Run(t, testdata(), ctxdrop.Analyzer, "./testsoff")
}

// TestDetached runs the roots detached on purpose, silent by default, next
// to look-alikes that stay reported, and completion methods' twins.
func TestDetached(t *testing.T) {
	analysistest.Run(t, testdata(), ctxdrop.Analyzer, "./detached")
}

func TestDetachedFlagOn(t *testing.T) {
	setFlag(t, "detached", "true")
	analysistest.Run(t, testdata(), ctxdrop.Analyzer, "./detachedon")
}

func setFlag(t *testing.T, name, value string) {
	flag := ctxdrop.Analyzer.Flags.Lookup(name)
	old := flag.Value.String()
	if err := ctxdrop.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ctxdrop.Analyzer.Flags.Set(name, old); err != nil {
			t.Errorf("restoring -%s: %v", name, err)
		}
	})
}
