package driver

import (
	"encoding/json"
	"io"
)

// printJSON prints the findings as multichecker's -json does: one tree
// of package ID, analyzer name and diagnostics (or the analyzer's
// error), each finding under the first package that reported it.
func printJSON(w io.Writer, pkgs []packageResult, findings []finding) error {
	tree := make(map[string]map[string]any)
	entry := func(pkg string) map[string]any {
		if tree[pkg] == nil {
			tree[pkg] = make(map[string]any)
		}
		return tree[pkg]
	}
	for _, pkg := range pkgs {
		for _, res := range pkg.analyzer {
			if res.err != "" {
				entry(pkg.id)[res.name] = jsonError{res.err}
			}
		}
	}
	for _, f := range findings {
		byAnalyzer := entry(f.pkg)
		diags, _ := byAnalyzer[f.analyzer].([]jsonDiagnostic)
		byAnalyzer[f.analyzer] = append(diags, f.diag)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}
