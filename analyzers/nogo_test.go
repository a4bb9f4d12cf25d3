package analyzers_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/analyzers/ctxdrop"
	"github.com/ctxtrace/ctxtrace/analyzers/recordrace"
	"github.com/ctxtrace/ctxtrace/analyzers/spanend"
)

// These tests hold the analyzers to what Bazel's nogo (rules_go) needs of
// them. nogo generates a main package that imports each analyzer by import
// path and refers to its exported Analyzer variable, validates it, and sets
// a config's analyzer_flags on Analyzer.Flags. Bazel caches and distributes
// its runs, so a result must depend on the analysed package alone, and the
// same analyzers run in processes that analyse many packages concurrently
// (ctxlint, golangci-lint, gopls): no state may outlive or cross a pass.

const (
	modulePrefix    = "github.com/ctxtrace/ctxtrace/"
	analyzersPrefix = modulePrefix + "analyzers/"
)

// varUse says how an allowed package-level variable may be used.
type varUse int

const (
	// readOnly: never assigned, addressed or given to a pointer method
	// after its declaration.
	readOnly varUse = iota
	// flagValue: backs Analyzer.Flags; addressed only in init, where the
	// flag is registered, and never assigned. Drivers (ctxlint's
	// -ctxdrop.tests, nogo's analyzer_flags) set it before analysis starts.
	flagValue
)

type allowedVar struct {
	use varUse
	why string
}

// nogoAllowedVars lists every package-level variable, other than each
// analyzer package's Analyzer, in the analyzer packages and in the packages
// of this module they import, keyed by import path and name.
var nogoAllowedVars = map[string]allowedVar{
	analyzersPrefix + "ctxdrop.docSource":    {readOnly, "doc.go, embedded by the compiler for Analyzer.Doc"},
	analyzersPrefix + "spanend.docSource":    {readOnly, "doc.go, embedded by the compiler for Analyzer.Doc"},
	analyzersPrefix + "recordrace.docSource": {readOnly, "doc.go, embedded by the compiler for Analyzer.Doc"},

	analyzersPrefix + "ctxdrop.flags":  {flagValue, "holds -tests for Analyzer.Flags"},
	analyzersPrefix + "spanend.config": {flagValue, "holds -record-error for Analyzer.Flags"},

	analyzersPrefix + "ctxdrop.blockTypes":                {readOnly, "node types for inspector.Cursor filtering, a constant list"},
	analyzersPrefix + "ctxdrop.twinSuffixes":              {readOnly, "name suffixes of context-taking twins (FooContext), a constant table"},
	analyzersPrefix + "ctxdrop.clientFuncs":               {readOnly, "net/http's package-level client functions, a constant table"},
	analyzersPrefix + "ctxdrop.labelFuncs":                {readOnly, "runtime/pprof functions that install labels, a constant table"},
	analyzersPrefix + "ctxdrop.detachWords":               {readOnly, "words of a comment that explains a detached context, a constant table"},
	analyzersPrefix + "ctxdrop.completionVerbs":           {readOnly, "method names of completion and teardown, a constant table"},
	analyzersPrefix + "ctxdrop.teardownVerbs":             {readOnly, "method names of teardown, a constant table"},
	analyzersPrefix + "ctxdrop.syncRunners":               {readOnly, "methods that run their function argument before returning, a constant table"},
	analyzersPrefix + "recordrace.quietPkgs":              {readOnly, "packages whose calls never synchronise, a constant table"},
	analyzersPrefix + "internal/noreturn.fatalNames":      {readOnly, "logger method names that do not return, a constant table"},
	analyzersPrefix + "internal/noreturn.testingNoReturn": {readOnly, "testing methods that do not return, a constant table"},
	analyzersPrefix + "internal/noreturn.testingTypes":    {readOnly, "testing types those methods belong to, a constant table"},
}

// flagPackageSafe holds the names in package flag that do not touch the
// process-wide flag.CommandLine.
var flagPackageSafe = map[string]bool{
	"FlagSet": true, "Flag": true, "Value": true, "Getter": true, "ErrorHandling": true,
	"ContinueOnError": true, "ExitOnError": true, "PanicOnError": true, "ErrHelp": true,
	"NewFlagSet": true, "UnquoteUsage": true,
}

// nogoListed names each analyzer's package the way README's nogo target
// lists it, by import path. Importing the packages here makes the compiler
// check that each exports a variable Analyzer; the tests check that it is
// the analyzer analyzers.Ours() returns.
var nogoListed = map[string]*analysis.Analyzer{
	analyzersPrefix + "ctxdrop":    ctxdrop.Analyzer,
	analyzersPrefix + "spanend":    spanend.Analyzer,
	analyzersPrefix + "recordrace": recordrace.Analyzer,
}

// listedPath returns the import path nogoListed gives a, or "".
func listedPath(a *analysis.Analyzer) string {
	for path, listed := range nogoListed {
		if listed == a {
			return path
		}
	}
	return ""
}

// moduleLoad holds the analyzer packages and every package of this module
// they import, with syntax and types.
type moduleLoad struct {
	byPath    map[string]*packages.Package
	analyzers map[string]bool // import paths of analyzer packages
}

// loadAnalyzerPackages loads them once for all tests in this file.
var loadAnalyzerPackages = sync.OnceValues(func() (*moduleLoad, error) {
	ml := &moduleLoad{byPath: map[string]*packages.Package{}, analyzers: map[string]bool{}}
	roots := slices.Sorted(maps.Keys(nogoListed))
	for _, path := range roots {
		ml.analyzers[path] = true
	}
	graph, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedImports | packages.NeedDeps}, roots...)
	if err != nil {
		return nil, fmt.Errorf("listing the analyzers' imports: %v", err)
	}
	var local []string
	packages.Visit(graph, nil, func(p *packages.Package) {
		if strings.HasPrefix(p.PkgPath, modulePrefix) {
			local = append(local, p.PkgPath)
		}
	})
	mode := packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo
	pkgs, err := packages.Load(&packages.Config{Mode: mode}, local...)
	if err != nil {
		return nil, fmt.Errorf("loading %v: %v", local, err)
	}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			return nil, fmt.Errorf("loading %s: %v", p.PkgPath, p.Errors)
		}
		ml.byPath[p.PkgPath] = p
	}
	return ml, nil
})

func mustLoad(t *testing.T) *moduleLoad {
	t.Helper()
	ml, err := loadAnalyzerPackages()
	if err != nil {
		t.Fatal(err)
	}
	return ml
}

func packageDir(p *packages.Package) string {
	if len(p.GoFiles) == 0 {
		return ""
	}
	return filepath.Dir(p.GoFiles[0])
}

// TestNogoAnalyzerPackages checks that every analyzer is the exported
// Analyzer variable of an importable non-main package at
// analyzers/<name>, with a Doc, and that nogo's own validation accepts it.
func TestNogoAnalyzerPackages(t *testing.T) {
	ours := analyzers.Ours()
	if err := analysis.Validate(ours); err != nil {
		t.Fatalf("analysis.Validate, which nogo runs on its analyzers: %v", err)
	}
	if len(ours) != len(nogoListed) {
		t.Errorf("analyzers.Ours() has %d analyzers, nogoListed %d: keep them (and README's nogo target) in step", len(ours), len(nogoListed))
	}
	ml := mustLoad(t)
	for _, a := range ours {
		t.Run(a.Name, func(t *testing.T) {
			if strings.TrimSpace(a.Doc) == "" {
				t.Errorf("%s has an empty Doc", a.Name)
			}
			path := listedPath(a)
			if path == "" {
				t.Fatalf("%s is not in nogoListed: add its package there and to README's nogo target", a.Name)
			}
			if want := analyzersPrefix + a.Name; path != want {
				t.Errorf("%s is %s.Analyzer, want %s.Analyzer: the package path ends in the analyzer's name, which nogo's config is keyed by", a.Name, path, want)
			}
			if slices.Contains(strings.Split(path, "/"), "internal") {
				t.Errorf("%s is in %s, which other modules cannot import", a.Name, path)
			}
			p := ml.byPath[path]
			if p == nil {
				t.Fatalf("package %s was not loaded", path)
			}
			if p.Name == "main" {
				t.Errorf("%s is in a main package, which nogo cannot import", a.Name)
			}
			v, _ := p.Types.Scope().Lookup("Analyzer").(*types.Var)
			if v == nil {
				t.Fatalf("package %s declares no package-level variable Analyzer; nogo's generated main refers to it", path)
			}
			if got, want := types.TypeString(v.Type(), nil), "*golang.org/x/tools/go/analysis.Analyzer"; got != want {
				t.Errorf("%s.Analyzer has type %s, want %s", path, got, want)
			}
		})
	}
}

// TestNogoNoGlobalState parses the non-test files of each analyzer package
// and of the module packages they import: a package-level variable is
// state every pass shares, so only Analyzer and the variables in
// nogoAllowedVars may exist, and those must be used as their entry says.
// Settings must come from Analyzer.Flags, not flag.CommandLine or os.Args.
func TestNogoNoGlobalState(t *testing.T) {
	ml := mustLoad(t)
	seen := map[string]bool{}
	for _, path := range slices.Sorted(maps.Keys(ml.byPath)) {
		p := ml.byPath[path]
		t.Run(strings.TrimPrefix(path, modulePrefix), func(t *testing.T) {
			files := parseNonTestFiles(t, p)
			if len(files) == 0 {
				t.Fatalf("no non-test Go files found for %s", path)
			}
			for _, f := range files {
				checkPackageVars(t, f.fset, f.file, path, ml.analyzers[path], seen)
				checkFlagUse(t, f.fset, f.file)
			}
			checkAllowedVarUse(t, p)
		})
	}
	for key := range nogoAllowedVars {
		if !seen[key] {
			t.Errorf("nogoAllowedVars lists %s, which is not declared any more: remove the entry", key)
		}
	}
}

type parsedFile struct {
	fset *token.FileSet
	file *ast.File
}

// parseNonTestFiles parses every non-test .go file in p's directory that
// belongs to p, whatever its build constraints.
func parseNonTestFiles(t *testing.T, p *packages.Package) []parsedFile {
	t.Helper()
	dir := packageDir(p)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []parsedFile
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == p.Name {
			files = append(files, parsedFile{fset, f})
		}
	}
	return files
}

func checkPackageVars(t *testing.T, fset *token.FileSet, f *ast.File, path string, isAnalyzer bool, seen map[string]bool) {
	t.Helper()
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			for _, name := range spec.(*ast.ValueSpec).Names {
				if name.Name == "_" || (isAnalyzer && name.Name == "Analyzer") {
					continue
				}
				key := path + "." + name.Name
				seen[key] = true
				if _, ok := nogoAllowedVars[key]; !ok {
					t.Errorf("%s: package-level var %s is state shared by every pass, including concurrent ones under nogo: keep it in a value built by Run, or, if it is a read-only table or backs Analyzer.Flags, add %q to nogoAllowedVars with the reason",
						fset.Position(name.Pos()), name.Name, key)
				}
			}
		}
	}
}

func checkFlagUse(t *testing.T, fset *token.FileSet, f *ast.File) {
	t.Helper()
	flagName, osName := importName(f, "flag"), importName(f, "os")
	for _, imp := range f.Imports {
		if imp.Name != nil && imp.Name.Name == "." && (imp.Path.Value == `"flag"` || imp.Path.Value == `"os"`) {
			t.Errorf("%s: dot import of %s hides which of its names are used", fset.Position(imp.Pos()), imp.Path.Value)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch {
		case flagName != "" && id.Name == flagName && !flagPackageSafe[sel.Sel.Name]:
			t.Errorf("%s: flag.%s uses the process-wide flag.CommandLine; declare settings on Analyzer.Flags, which is what nogo's analyzer_flags and ctxlint set",
				fset.Position(sel.Pos()), sel.Sel.Name)
		case osName != "" && id.Name == osName && sel.Sel.Name == "Args":
			t.Errorf("%s: os.Args: an analyzer takes its settings from Analyzer.Flags, not the command line", fset.Position(sel.Pos()))
		}
		return true
	})
}

// importName returns the name under which f imports path, or "" if it
// does not (or only for side effects).
func importName(f *ast.File, path string) string {
	for _, imp := range f.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != path {
			continue
		}
		if imp.Name == nil {
			return path[strings.LastIndex(path, "/")+1:]
		}
		if imp.Name.Name == "_" || imp.Name.Name == "." {
			return ""
		}
		return imp.Name.Name
	}
	return ""
}

// checkAllowedVarUse reports writes to the package's allowed variables:
// assignments, increments, range assignments, taking the address (outside
// init, for flag values) and calls of pointer methods. Writes through a
// callee (sort.Strings(table)) are not seen here; the concurrent runs in
// TestNogoConcurrentRuns under -race are the backstop.
func checkAllowedVarUse(t *testing.T, p *packages.Package) {
	t.Helper()
	allowed := map[*types.Var]allowedVar{}
	for key, av := range nogoAllowedVars {
		path, name, _ := strings.Cut(key[len(modulePrefix):], ".")
		if modulePrefix+path != p.PkgPath {
			continue
		}
		if v, ok := p.Types.Scope().Lookup(name).(*types.Var); ok {
			allowed[v] = av
		}
	}
	if len(allowed) == 0 {
		return
	}
	info := p.TypesInfo
	target := func(e ast.Expr) (*types.Var, allowedVar, bool) {
		for {
			switch x := e.(type) {
			case *ast.ParenExpr:
				e = x.X
			case *ast.SelectorExpr:
				e = x.X
			case *ast.IndexExpr:
				e = x.X
			case *ast.IndexListExpr:
				e = x.X
			case *ast.StarExpr:
				e = x.X
			case *ast.Ident:
				v, _ := info.Uses[x].(*types.Var)
				av, ok := allowed[v]
				return v, av, ok
			default:
				return nil, allowedVar{}, false
			}
		}
	}
	report := func(n ast.Node, v *types.Var, how string, av allowedVar) {
		as := "a read-only value"
		if av.use == flagValue {
			as = "Analyzer.Flags' storage, addressed only in init"
		}
		t.Errorf("%s: %s %s, but nogoAllowedVars allows it only as %s (%s)", p.Fset.Position(n.Pos()), v.Name(), how, as, av.why)
	}
	for _, f := range p.Syntax {
		for _, decl := range f.Decls {
			fn, _ := decl.(*ast.FuncDecl)
			inInit := fn != nil && fn.Recv == nil && fn.Name.Name == "init"
			ast.Inspect(decl, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					for _, lhs := range n.Lhs {
						if v, av, ok := target(lhs); ok {
							report(n, v, "is assigned", av)
						}
					}
				case *ast.IncDecStmt:
					if v, av, ok := target(n.X); ok {
						report(n, v, "is incremented or decremented", av)
					}
				case *ast.RangeStmt:
					if n.Tok == token.ASSIGN {
						for _, e := range []ast.Expr{n.Key, n.Value} {
							if v, av, ok := target(e); ok {
								report(n, v, "is assigned by range", av)
							}
						}
					}
				case *ast.UnaryExpr:
					if n.Op != token.AND {
						break
					}
					if v, av, ok := target(n.X); ok && !(av.use == flagValue && inInit) {
						report(n, v, "has its address taken", av)
					}
				case *ast.SelectorExpr:
					sel := info.Selections[n]
					if sel == nil || sel.Kind() != types.MethodVal {
						break
					}
					recv := sel.Obj().(*types.Func).Signature().Recv()
					_, ptrMethod := recv.Type().(*types.Pointer)
					_, ptrOperand := info.TypeOf(n.X).Underlying().(*types.Pointer)
					if ptrMethod && !ptrOperand {
						if v, av, ok := target(n.X); ok {
							report(n, v, "is given to pointer method "+n.Sel.Name, av)
						}
					}
				}
				return true
			})
		}
	}
}

// TestNogoConcurrentRuns runs each analyzer over all of its own testdata
// twice at the same time and wants the same diagnostics from both: state
// shared between concurrent passes shows up as a difference or, under go
// test -race, as a race report.
//
// The packages are loaded as nogo and go vet load them, dependencies from
// export data, rather than through analysistest, which type-checks every
// dependency (net/http, otel) from source: under -race that took this test
// from seconds to minutes. The // want comments are checked by each
// analyzer's own tests, with the flag settings they need.
func TestNogoConcurrentRuns(t *testing.T) {
	ml := mustLoad(t)
	for _, a := range analyzers.Ours() {
		t.Run(a.Name, func(t *testing.T) {
			p := ml.byPath[listedPath(a)]
			if p == nil {
				t.Fatalf("package of %s was not loaded (is it in nogoListed?)", a.Name)
			}
			dir := filepath.Join(packageDir(p), "testdata", "src")
			if _, err := os.Stat(dir); err != nil {
				t.Fatalf("%s has no analysistest testdata: %v", a.Name, err)
			}
			var runs [2][]string
			t.Run("concurrently", func(t *testing.T) {
				for i := range runs {
					t.Run(fmt.Sprintf("run%d", i+1), func(t *testing.T) {
						t.Parallel()
						runs[i] = analyzeTestdata(t, dir, a)
					})
				}
			})
			if t.Failed() {
				return
			}
			if len(runs[0]) == 0 {
				t.Fatalf("%s reported nothing on %s, so equal runs would prove nothing", a.Name, dir)
			}
			compareLines(t, runs[0], runs[1])
		})
	}
}

// analyzeTestdata loads every package under dir, a module, with its tests
// and runs a on them, returning the sorted diagnostics.
func analyzeTestdata(t *testing.T, dir string, a *analysis.Analyzer) []string {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule,
		Dir:   dir,
		Tests: true,
		Env:   append(os.Environ(), "GO111MODULE=on", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			t.Errorf("loading %s: %v", p.PkgPath, err)
		}
	})
	if t.Failed() {
		t.FailNow()
	}
	res, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatalf("analyzing %s: %v", dir, err)
	}
	var diags []string
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			diags = append(diags, formatDiagnostic(act.Package.Fset, dir, d))
		}
	}
	slices.Sort(diags)
	return diags
}

func formatDiagnostic(fset *token.FileSet, dir string, d analysis.Diagnostic) string {
	rel := func(pos token.Pos) string {
		posn := fset.Position(pos)
		if r, err := filepath.Rel(dir, posn.Filename); err == nil {
			posn.Filename = r
		}
		return posn.String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: [%s] %s", rel(d.Pos), d.Category, d.Message)
	for _, fix := range d.SuggestedFixes {
		fmt.Fprintf(&b, "\n\tfix %q", fix.Message)
		for _, e := range fix.TextEdits {
			fmt.Fprintf(&b, "\n\t\t%s-%s %q", rel(e.Pos), rel(e.End), e.NewText)
		}
	}
	return b.String()
}

func compareLines(t *testing.T, want, got []string) {
	t.Helper()
	if slices.Equal(want, got) {
		return
	}
	var missing, extra []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			missing = append(missing, w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			extra = append(extra, g)
		}
	}
	t.Errorf("the two runs' diagnostics differ (%d in the first, %d in the second)\nonly in the first:\n%s\nonly in the second:\n%s",
		len(want), len(got), strings.Join(missing, "\n"), strings.Join(extra, "\n"))
}
