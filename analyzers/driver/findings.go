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

// findingKey identifies a diagnostic across a package and its test
// variant: a file that belongs to both is analyzed twice, and both report it.
type findingKey struct {
	pos, end token.Position
	analyzer *analysis.Analyzer
	message  string
}

func keyOf(act *checker.Action, d analysis.Diagnostic) findingKey {
	fset := act.Package.Fset
	return findingKey{fset.Position(d.Pos), fset.Position(cmp.Or(d.End, d.Pos)), act.Analyzer, d.Message}
}

// collectFindings returns the diagnostics of the graph's root actions,
// each once, ordered by position.
func collectFindings(graph *checker.Graph) []finding {
	seen := make(map[findingKey]bool)
	var out []finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			continue
		}
		for _, d := range act.Diagnostics {
			k := keyOf(act, d)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, finding{analyzer: act.Analyzer, fset: act.Package.Fset, diag: d, pos: k.pos, end: k.end})
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

// dropRepeatedDiagnostics leaves each diagnostic in one root action only,
// for output that is printed per package (-json): the plain package keeps
// a finding in a file it shares with its test variant.
func dropRepeatedDiagnostics(graph *checker.Graph) {
	roots := slices.Clone(graph.Roots)
	slices.SortStableFunc(roots, func(a, b *checker.Action) int {
		return cmp.Compare(isTestVariant(a), isTestVariant(b))
	})
	seen := make(map[findingKey]bool)
	for _, act := range roots {
		act.Diagnostics = slices.DeleteFunc(slices.Clone(act.Diagnostics), func(d analysis.Diagnostic) bool {
			k := keyOf(act, d)
			if seen[k] {
				return true
			}
			seen[k] = true
			return false
		})
	}
}

func isTestVariant(act *checker.Action) int {
	if act.Package.ForTest != "" {
		return 1
	}
	return 0
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
