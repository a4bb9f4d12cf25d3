package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
)

// ours are ctxtrace's analyzers, whose findings are listed for review.
var ours = []string{"ctxdrop", "spanend", "recordrace"}

// jsonDiagnostic is one finding in ctxlint -json output (the format of
// x/tools' analysis checker: package ID -> analyzer -> findings or error).
type jsonDiagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

func lintMain(args []string) int {
	fs := flag.NewFlagSet("stdcorpus lint", flag.ContinueOnError)
	list := fs.String("list", "", "`file` to write ctxtrace's own findings to, one per line")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "stdcorpus lint: name the ctxlint -json output files")
		return 2
	}
	var listed bytes.Buffer
	failed := false
	for _, name := range fs.Args() {
		counts, findings, errs, err := summarise(name)
		if err != nil {
			fmt.Fprintf(os.Stderr, "stdcorpus lint: %v\n", err)
			return 2
		}
		total := 0
		for _, n := range counts {
			total += n
		}
		fmt.Printf("%s: %d findings, %d analyzer errors\n", name, total, len(errs))
		for _, a := range slices.Sorted(maps.Keys(counts)) {
			mark := ""
			if slices.Contains(ours, a) {
				mark = " (ctxtrace)"
			}
			fmt.Printf("  %6d  %s%s\n", counts[a], a, mark)
		}
		for _, e := range errs {
			fmt.Printf("  error: %s\n", e)
		}
		failed = failed || len(errs) > 0
		fmt.Fprintf(&listed, "# %s\n", name)
		for _, f := range findings {
			fmt.Fprintln(&listed, f)
		}
	}
	if *list != "" {
		if err := os.WriteFile(*list, listed.Bytes(), 0o644); err != nil {
			fmt.Fprintf(os.Stderr, "stdcorpus lint: %v\n", err)
			return 1
		}
	}
	if failed {
		return 1
	}
	return 0
}

// summarise counts one -json output's findings per analyzer, each once
// (a file in both a package and its test variant is reported by both),
// lists ctxtrace's own as "posn: analyzer: message", and collects
// analyzer errors.
func summarise(name string) (counts map[string]int, findings, errs []string, err error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, nil, nil, err
	}
	counts = make(map[string]int)
	seen := make(map[string]bool)
	dec := json.NewDecoder(bytes.NewReader(data))
	for dec.More() {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err != nil {
			return nil, nil, nil, fmt.Errorf("%s: not ctxlint -json output: %w", name, err)
		}
		for _, pkg := range slices.Sorted(maps.Keys(tree)) {
			for analyzer, raw := range tree[pkg] {
				if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
					var e struct{ Error string }
					if err := json.Unmarshal(raw, &e); err != nil {
						return nil, nil, nil, fmt.Errorf("%s: %s %s: %w", name, pkg, analyzer, err)
					}
					errs = append(errs, fmt.Sprintf("%s: %s: %s", pkg, analyzer, strings.ReplaceAll(e.Error, "\n", "; ")))
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, nil, nil, fmt.Errorf("%s: %s %s: %w", name, pkg, analyzer, err)
				}
				for _, d := range diags {
					line := d.Posn + ": " + analyzer + ": " + d.Message
					if seen[line] {
						continue
					}
					seen[line] = true
					counts[analyzer]++
					if slices.Contains(ours, analyzer) {
						findings = append(findings, line)
					}
				}
			}
		}
	}
	slices.Sort(findings)
	return counts, findings, errs, nil
}
