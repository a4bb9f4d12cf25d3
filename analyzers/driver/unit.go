package driver

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A unit is one package that go vet asks its vet tool to analyse,
// described by the vet.cfg file it writes (unitchecker's Config; the
// fields read here).
type unit struct {
	ID          string
	ImportPath  string
	GoVersion   string
	GoFiles     []string
	NonGoFiles  []string
	ImportMap   map[string]string
	PackageFile map[string]string
	VetxOnly    bool
	VetxOutput  string
	Stdout      string
}

// runFactFree answers a go vet -json run of analyzers that need no
// facts, and reports whether it could: otherwise (other flags, analyzers
// with facts) the caller hands the call to unitchecker.
//
// unitchecker type-checks every package from source, dependencies too,
// to write the type information its dependents import: go vet runs it
// once per package of the whole import graph, standard library included,
// and that is most of a first run's time. Analyzers without facts need
// nothing from a dependency's analysis, and go vet gives each unit the
// compiler's export data of its direct imports (PackageFile), which is
// all a type checker needs. So a dependency's unit writes an empty vetx
// file and is done, and a named package is type-checked against export
// data, as go build would compile it.
func runFactFree(analyzers []*analysis.Analyzer, args []string) (handled bool, code int) {
	if len(args) == 0 || !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false, 0
	}
	fs := flag.NewFlagSet("vet tool", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	opts := registerFlags(fs, analyzers)
	fs.Bool(previewFlag, false, "")
	if err := fs.Parse(args[:len(args)-1]); err != nil || fs.NArg() != 0 || !opts.json || opts.fix || opts.diff {
		return false, 0
	}
	selected := opts.selected(analyzers)
	if needFacts(selected) {
		return false, 0
	}
	data, err := os.ReadFile(args[len(args)-1])
	if err != nil {
		return false, 0
	}
	var u unit
	if err := json.Unmarshal(data, &u); err != nil || len(u.GoFiles) == 0 {
		return false, 0
	}
	// go vet caches a unit's output only with its vetx file, so every
	// unit writes one.
	if code := u.writeEmptyVetx(); code != 0 || u.VetxOnly {
		return true, code
	}
	return true, u.analyse(selected)
}

// writeEmptyVetx writes a vetx file with no types and no facts, in
// unitchecker's format: what dependents of this unit read in a run of
// fact-free analyzers is the compiler's export data.
func (u *unit) writeEmptyVetx() int {
	if err := os.WriteFile(u.VetxOutput, []byte("vetx\x00\x00\x00\x00\x00\x00\x00\x00"), 0o666); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// analyse type-checks the unit and prints the analyzers' findings as
// unitchecker's JSON, to the file go vet names (it caches it).
func (u *unit) analyse(analyzers []*analysis.Analyzer) int {
	fset := token.NewFileSet()
	pkg, files, info, err := u.typeCheck(fset)
	if err != nil {
		// As unitchecker: the error alone, which go vet prints under
		// the package's name.
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	results := runAnalyzers(analyzers, &analysis.Pass{
		Fset:       fset,
		Files:      files,
		OtherFiles: u.NonGoFiles,
		Pkg:        pkg,
		TypesInfo:  info,
		TypesSizes: types.SizesFor("gc", build.Default.GOARCH),
		ReadFile:   os.ReadFile,
	})
	tree := make(map[string]map[string]any)
	for _, a := range analyzers {
		res := results[a]
		var v any
		switch {
		case res.err != nil:
			v = jsonError{res.err.Error()}
		case len(res.diags) > 0:
			v = toJSON(fset, res.diags)
		default:
			continue
		}
		if tree[u.ID] == nil {
			tree[u.ID] = make(map[string]any)
		}
		tree[u.ID][a.Name] = v
	}
	out, err := json.MarshalIndent(tree, "", "\t")
	if err == nil {
		out = append(out, '\n')
		if u.Stdout != "" {
			err = os.WriteFile(u.Stdout, out, 0o666)
		} else {
			_, err = os.Stdout.Write(out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// typeCheck parses the unit's files and type-checks them against the
// export data of its imports.
func (u *unit) typeCheck(fset *token.FileSet) (*types.Package, []*ast.File, *types.Info, error) {
	var files []*ast.File
	for _, name := range u.GoFiles {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, nil, nil, err
		}
		files = append(files, f)
	}
	exportData := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := u.PackageFile[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
	imp := importerFunc(func(path string) (*types.Package, error) {
		if resolved, ok := u.ImportMap[path]; ok {
			path = resolved
		}
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		return exportData.Import(path)
	})
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	tc := &types.Config{
		Importer:  imp,
		Sizes:     types.SizesFor("gc", build.Default.GOARCH),
		GoVersion: u.GoVersion,
	}
	pkg, err := tc.Check(u.ImportPath, fset, files, info)
	return pkg, files, info, err
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

type unitResult struct {
	result any
	diags  []analysis.Diagnostic
	err    error
}

// runAnalyzers runs analyzers and those they require, each once, on the
// package base describes, and returns each one's result.
func runAnalyzers(analyzers []*analysis.Analyzer, base *analysis.Pass) map[*analysis.Analyzer]*unitResult {
	results := make(map[*analysis.Analyzer]*unitResult)
	var run func(a *analysis.Analyzer) *unitResult
	run = func(a *analysis.Analyzer) *unitResult {
		if res, ok := results[a]; ok {
			return res
		}
		res := new(unitResult)
		results[a] = res
		inputs := make(map[*analysis.Analyzer]any)
		for _, req := range a.Requires {
			r := run(req)
			if r.err != nil {
				res.err = fmt.Errorf("failed prerequisites: %s", req.Name)
				return res
			}
			inputs[req] = r.result
		}
		pass := *base
		pass.Analyzer = a
		pass.ResultOf = inputs
		pass.Report = func(d analysis.Diagnostic) { res.diags = append(res.diags, d) }
		res.result, res.err = a.Run(&pass)
		return res
	}
	for _, a := range analyzers {
		run(a)
	}
	return results
}

// toJSON converts diagnostics as unitchecker's JSON does.
func toJSON(fset *token.FileSet, diags []analysis.Diagnostic) []jsonDiagnostic {
	out := make([]jsonDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := jsonDiagnostic{
			Category: d.Category,
			Posn:     fset.Position(d.Pos).String(),
			End:      fset.Position(cmp.Or(d.End, d.Pos)).String(),
			Message:  d.Message,
		}
		for _, fix := range d.SuggestedFixes {
			jf := jsonSuggestedFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				jf.Edits = append(jf.Edits, jsonEdit{
					Filename: fset.Position(e.Pos).Filename,
					Start:    fset.Position(e.Pos).Offset,
					End:      fset.Position(e.End).Offset,
					New:      string(e.NewText),
				})
			}
			jd.SuggestedFixes = append(jd.SuggestedFixes, jf)
		}
		for _, r := range d.Related {
			jd.Related = append(jd.Related, jsonRelated{
				Posn:    fset.Position(r.Pos).String(),
				End:     fset.Position(cmp.Or(r.End, r.Pos)).String(),
				Message: r.Message,
			})
		}
		out = append(out, jd)
	}
	return out
}

// needFacts reports whether any analyzer, or one it requires, uses facts.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	var uses func(a *analysis.Analyzer) bool
	uses = func(a *analysis.Analyzer) bool {
		if seen[a] {
			return false
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		for _, req := range a.Requires {
			if uses(req) {
				return true
			}
		}
		return false
	}
	for _, a := range analyzers {
		if uses(a) {
			return true
		}
	}
	return false
}
