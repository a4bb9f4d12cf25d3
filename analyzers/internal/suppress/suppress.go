// Package suppress implements the //ctxlint:ignore directive shared by
// ctxtrace's analyzers.
//
// A directive names one or more analyzers, comma-separated, and should give
// a reason:
//
//	//ctxlint:ignore ctxdrop,spanend the job must outlive the request
//
// It silences those analyzers' diagnostics on its own line (as a trailing
// comment) and on the line after it (as a comment on a line of its own).
// In the doc comment of a function it silences them in the whole function.
package suppress

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const prefix = "//ctxlint:ignore "

// Filter drops the diagnostics that a //ctxlint:ignore directive covers.
type Filter struct {
	pass  *analysis.Pass
	lines map[fileLine]bool
	spans []span
}

type fileLine struct {
	file string
	line int
}

type span struct{ pos, end token.Pos }

// New indexes the directives for pass's analyzer in pass's files.
func New(pass *analysis.Pass) *Filter {
	f := &Filter{pass: pass, lines: make(map[fileLine]bool)}
	for _, file := range pass.Files {
		for _, group := range file.Comments {
			for _, c := range group.List {
				if f.names(c.Text) {
					p := pass.Fset.Position(c.Slash)
					f.lines[fileLine{p.Filename, p.Line}] = true
					f.lines[fileLine{p.Filename, p.Line + 1}] = true
				}
			}
		}
		for _, decl := range file.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Doc != nil && slices.ContainsFunc(fn.Doc.List, func(c *ast.Comment) bool { return f.names(c.Text) }) {
				f.spans = append(f.spans, span{fn.Pos(), fn.End()})
			}
		}
	}
	return f
}

// names reports whether the comment text is a directive naming this analyzer.
func (f *Filter) names(text string) bool {
	rest, ok := strings.CutPrefix(text, prefix)
	if !ok {
		return false
	}
	list, _, _ := strings.Cut(strings.TrimSpace(rest), " ")
	return slices.Contains(strings.Split(list, ","), f.pass.Analyzer.Name)
}

// Covers reports whether a directive silences diagnostics at pos.
func (f *Filter) Covers(pos token.Pos) bool {
	p := f.pass.Fset.Position(pos)
	if f.lines[fileLine{p.Filename, p.Line}] {
		return true
	}
	return slices.ContainsFunc(f.spans, func(s span) bool { return s.pos <= pos && pos < s.end })
}

// Report reports d unless a directive covers its position.
func (f *Filter) Report(d analysis.Diagnostic) {
	if !f.Covers(d.Pos) {
		f.pass.Report(d)
	}
}
