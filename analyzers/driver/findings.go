package driver

import (
	"cmp"
	"go/token"
	"slices"
	"strings"
)

// finding is one diagnostic, with its positions as printed (//line
// directives applied).
type finding struct {
	analyzer string
	pkg      string // the ID of the package that reported it
	diag     jsonDiagnostic
	pos, end token.Position
	// fixRefused is set when -fix would not apply the finding's fix
	// (the message then says why).
	fixRefused bool
}

// findingKey identifies a diagnostic across packages: a file analysed in
// more than one package (a package and its test variant) is reported by
// each.
type findingKey struct {
	pos, end token.Position
	analyzer string
	message  string
}

func (f finding) key() findingKey {
	return findingKey{f.pos, f.end, f.analyzer, f.diag.Message}
}

// collectFindings returns the diagnostics of pkgs, each once, ordered by
// position. Without tests, findings in _test.go files are left out: go
// vet analyses a package with its tests, so that is where they show.
func collectFindings(pkgs []packageResult, tests bool) []finding {
	seen := make(map[findingKey]bool)
	var out []finding
	for _, pkg := range pkgs {
		for _, res := range pkg.analyzer {
			for _, d := range res.diags {
				f := finding{analyzer: res.name, pkg: pkg.id, diag: d, pos: parsePosition(d.Posn), end: parsePosition(cmp.Or(d.End, d.Posn))}
				if !tests && strings.HasSuffix(f.pos.Filename, "_test.go") {
					continue
				}
				if k := f.key(); !seen[k] {
					seen[k] = true
					out = append(out, f)
				}
			}
		}
	}
	slices.SortStableFunc(out, func(a, b finding) int {
		return cmp.Or(
			cmp.Compare(a.pos.Filename, b.pos.Filename),
			cmp.Compare(a.pos.Line, b.pos.Line),
			cmp.Compare(a.pos.Column, b.pos.Column),
			cmp.Compare(a.analyzer, b.analyzer),
			cmp.Compare(a.diag.Message, b.diag.Message),
		)
	})
	return out
}

// analysisErrors returns the messages of the analyzers that failed, each
// once.
func (r *run) analysisErrors(pkgs []packageResult) []string {
	seen := make(map[string]bool)
	var messages []string
	for _, pkg := range pkgs {
		for _, res := range pkg.analyzer {
			if res.err == "" {
				continue
			}
			msg := r.shortenPaths(res.name + ": " + res.err)
			if !seen[msg] {
				seen[msg] = true
				messages = append(messages, msg)
			}
		}
	}
	slices.Sort(messages)
	return messages
}
