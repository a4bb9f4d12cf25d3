package driver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"io"
	"regexp"
	"strconv"
)

// The JSON that unitchecker prints for go vet -json, one tree per
// package: package ID, then analyzer name, then either the analyzer's
// diagnostics or {"error": "..."}. These are the types of x/tools'
// internal/analysis/driverutil, which -json output keeps.
type (
	jsonTree map[string]map[string]json.RawMessage

	jsonDiagnostic struct {
		Category       string             `json:"category,omitempty"`
		Posn           string             `json:"posn"`
		End            string             `json:"end"`
		Message        string             `json:"message"`
		SuggestedFixes []jsonSuggestedFix `json:"suggested_fixes,omitempty"`
		Related        []jsonRelated      `json:"related,omitempty"`
	}
	jsonSuggestedFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Filename string `json:"filename"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
		New      string `json:"new"`
	}
	jsonRelated struct {
		Posn    string `json:"posn"`
		End     string `json:"end"`
		Message string `json:"message"`
	}
	jsonError struct {
		Err string `json:"error"`
	}
)

// packageResult is one package's results: for each analyzer that ran,
// its diagnostics or its error.
type packageResult struct {
	id       string
	analyzer []analyzerResult
}

type analyzerResult struct {
	name  string
	diags []jsonDiagnostic
	err   string
}

// decodeTrees reads the concatenated JSON trees go vet printed. The
// go command copies each package's output whole, so the trees do not
// interleave.
func decodeTrees(data []byte) ([]packageResult, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []packageResult
	for {
		var tree jsonTree
		if err := dec.Decode(&tree); err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, fmt.Errorf("reading go vet's JSON output: %w", err)
		}
		for id, byAnalyzer := range tree {
			pkg := packageResult{id: id}
			for name, raw := range byAnalyzer {
				res := analyzerResult{name: name}
				if len(raw) > 0 && raw[0] == '{' {
					var e jsonError
					if err := json.Unmarshal(raw, &e); err != nil {
						return nil, fmt.Errorf("reading go vet's JSON output for %s: %w", id, err)
					}
					res.err = e.Err
				} else if err := json.Unmarshal(raw, &res.diags); err != nil {
					return nil, fmt.Errorf("reading go vet's JSON output for %s: %w", id, err)
				}
				pkg.analyzer = append(pkg.analyzer, res)
			}
			out = append(out, pkg)
		}
	}
}

// positionText matches "file:line:col" and "file:line", as token.Position
// prints them.
var positionText = regexp.MustCompile(`^(.*?):(\d+)(?::(\d+))?$`)

// parsePosition parses a position as go vet's JSON prints it; an empty
// or unparseable one is the zero, invalid position.
func parsePosition(s string) token.Position {
	m := positionText.FindStringSubmatch(s)
	if m == nil {
		return token.Position{}
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	return token.Position{Filename: m[1], Line: line, Column: col}
}
