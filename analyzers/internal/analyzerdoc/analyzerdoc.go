// Package analyzerdoc takes an analyzer's Doc from its package's doc.go, so
// that what "ctxlint help" prints and what the package documentation says
// are one text.
package analyzerdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the part of the package comment in source (the text
// of a doc.go file) that follows the heading "# Analyzer name", without
// the "name: " that starts its first line. It panics if there is none:
// that is a build mistake, caught by any test of the analyzer.
func MustExtract(source, name string) string {
	doc, err := Extract(source, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract is MustExtract returning an error instead of panicking.
func Extract(source, name string) (string, error) {
	file, err := parser.ParseFile(token.NewFileSet(), "doc.go", source, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("analyzer %s: parse doc.go: %w", name, err)
	}
	if file.Doc == nil {
		return "", fmt.Errorf("analyzer %s: doc.go has no package comment", name)
	}
	heading := "# Analyzer " + name
	_, rest, ok := strings.Cut(file.Doc.Text(), heading+"\n")
	if !ok {
		return "", fmt.Errorf("analyzer %s: doc.go has no %q heading", name, heading)
	}
	rest = strings.TrimSpace(rest)
	doc, ok := strings.CutPrefix(rest, name+": ")
	if !ok {
		return "", fmt.Errorf("analyzer %s: the text under %q must start with %q", name, heading, name+": ")
	}
	return doc, nil
}
