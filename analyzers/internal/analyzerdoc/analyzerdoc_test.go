package analyzerdoc

import (
	"strings"
	"testing"
)

const source = `// Package demo defines an Analyzer that reports things.
//
// # Analyzer demo
//
// demo: report things
//
// It reports things, and not other things.
package demo
`

func TestExtract(t *testing.T) {
	got, err := Extract(source, "demo")
	if err != nil {
		t.Fatal(err)
	}
	want := "report things\n\nIt reports things, and not other things."
	if got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
}

func TestExtractErrors(t *testing.T) {
	for _, tc := range []struct{ name, source, want string }{
		{"other", source, `no "# Analyzer other" heading`},
		{"demo", "package demo\n", "no package comment"},
		{"demo", strings.Replace(source, "demo: report", "report", 1), `must start with "demo: "`},
		{"demo", "// # Analyzer demo\npackage", "parse doc.go"},
	} {
		if _, err := Extract(tc.source, tc.name); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Extract(%q): error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
