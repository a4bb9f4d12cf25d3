package ctxdrop

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestDocMatchesPackageComment checks that Analyzer.Doc, which ctxlint help
// prints, says what the package documentation says.
func TestDocMatchesPackageComment(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "doc.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	const heading = "# Analyzer ctxdrop"
	text := file.Doc.Text()
	_, after, ok := strings.Cut(text, heading)
	if !ok {
		t.Fatalf("doc.go has no %q heading", heading)
	}
	want := strings.TrimPrefix(strings.TrimSpace(after), Analyzer.Name+": ")
	if got := strings.TrimSpace(Analyzer.Doc); got != want {
		t.Errorf("Analyzer.Doc and doc.go differ:\n--- Analyzer.Doc\n%s\n--- doc.go\n%s", got, want)
	}
}
