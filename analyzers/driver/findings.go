package driver

import (
	"cmp"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
)

// finding is one diagnostic of one root action, with the file set that
// resolves its positions.
type finding struct {
	analyzer *analysis.Analyzer
	fset     *token.FileSet
	diag     analysis.Diagnostic
	pos, end token.Position // as printed: //line directives applied
}

// collectFindings returns the diagnostics of the graph's root actions,
// each once, ordered by position. A file that belongs to both a package
// and its test variant is analyzed twice, and both report it.
func collectFindings(graph *checker.Graph) []finding {
	type key struct {
		pos, end token.Position
		analyzer *analysis.Analyzer
		message  string
	}
	seen := make(map[key]bool)
	var out []finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			pos := fset.Position(d.Pos)
			end := fset.Position(cmp.Or(d.End, d.Pos))
			k := key{pos, end, act.Analyzer, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, finding{analyzer: act.Analyzer, fset: fset, diag: d, pos: pos, end: end})
		}
	}
	slices.SortStableFunc(out, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Column, b.pos.Column),
			cmp.Compare(a.analyzer.Name, b.analyzer.Name),
			cmp.Compare(a.diag.Message, b.diag.Message),
		)
	})
	return out
}

// analysisErrors returns the number of actions that failed, and the
// messages worth showing: the root causes. An analyzer is skipped on a
// package that did not load, and an analyzer whose prerequisite failed
// fails too; both only repeat an error reported already, once per
// analyzer, which buried the real one.
func (r *run) analysisErrors(graph *checker.Graph) (failed int, messages []string) {
	seen := make(map[string]bool)
	for act := range graph.All() {
		if act.Err == nil {
			continue
		}
		failed++
		if act.Package.IllTyped || len(act.Package.Errors) > 0 {
			continue
		}
		if slices.ContainsFunc(act.Deps, func(dep *checker.Action) bool { return dep.Err != nil }) {
			continue
		}
		msg := r.shortenPaths(act.Analyzer.Name + ": " + act.Err.Error())
		if !seen[msg] {
			seen[msg] = true
			messages = append(messages, msg)
		}
	}
	return failed, messages
}
