package ctxdrop

import (
	_ "embed"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/analyzerdoc"
	"github.com/ctxtrace/ctxtrace/analyzers/internal/funcdecl"
	"github.com/ctxtrace/ctxtrace/analyzers/internal/suppress"
	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

//go:embed doc.go
var docSource string

// config holds the values of Analyzer.Flags.
type config struct {
	// tests reports whether _test.go files are checked.
	tests bool
	// detached reports roots that look detached on purpose (see doc.go).
	detached bool
}

var flags config

var Analyzer = &analysis.Analyzer{
	Name:     "ctxdrop",
	Doc:      analyzerdoc.MustExtract(docSource, "ctxdrop"),
	URL:      "https://github.com/ctxtrace/ctxtrace/tree/main/analyzers/ctxdrop",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.BoolVar(&flags.tests, "tests", true, "also check _test.go files")
	Analyzer.Flags.BoolVar(&flags.detached, "detached", false, "also report root contexts detached on purpose: returned or stored, in callbacks that run later, label resets, commented")
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	filter := suppress.New(pass)
	decls := funcdecl.NewIndex(pass.TypesInfo, pass.Files)
	for fileCur := range insp.Root().Children() {
		file, ok := fileCur.Node().(*ast.File)
		if !ok || (!flags.tests && isTestFile(pass, file)) {
			continue
		}
		for declCur := range fileCur.Children() {
			switch decl := declCur.Node().(type) {
			case *ast.FuncDecl:
				if decl.Body != nil {
					checkFunc(pass, filter, decls, file, declCur)
				}
			case *ast.GenDecl:
				// Function literals in package-level initializers are
				// top-level functions of their own.
				declCur.Inspect([]ast.Node{(*ast.FuncLit)(nil)}, func(litCur inspector.Cursor) bool {
					checkFunc(pass, filter, decls, file, litCur)
					return false
				})
			}
		}
	}
	return nil, nil
}

func isTestFile(pass *analysis.Pass, file *ast.File) bool {
	return strings.HasSuffix(pass.Fset.Position(file.Package).Filename, "_test.go")
}

// A funcChecker checks one top-level function: a declaration or a
// package-level function literal, together with the literals nested in it.
type funcChecker struct {
	pass    *analysis.Pass
	filter  *suppress.Filter
	decls   *funcdecl.Index // same-package callees' bodies
	file    *ast.File
	fn      inspector.Cursor
	scope   *types.Scope // the function's scope, or nil
	self    *types.Func  // the declared function, or nil for a literal
	callers *ctxspan.CallerContexts
	// caller is the caller's context visible at the root context being
	// checked; a callback declaring it is that request's own code.
	caller *types.Var
	// nilGuards holds the statements where a variable is known to be
	// nil (see nilGuards), computed on first use.
	nilGuards map[*types.Var][]ast.Stmt
}

func checkFunc(pass *analysis.Pass, filter *suppress.Filter, decls *funcdecl.Index, file *ast.File, fn inspector.Cursor) {
	callers := ctxspan.NewCallerContexts(pass.TypesInfo, fn.Node())
	if callers.Empty() {
		return // no caller's context anywhere: nothing can be dropped
	}
	c := &funcChecker{pass: pass, filter: filter, decls: decls, file: file, fn: fn, callers: callers}
	switch fn := fn.Node().(type) {
	case *ast.FuncDecl:
		c.scope = pass.TypesInfo.Scopes[fn.Type]
		c.self, _ = pass.TypesInfo.Defs[fn.Name].(*types.Func)
	case *ast.FuncLit:
		c.scope = pass.TypesInfo.Scopes[fn.Type]
	}
	c.checkRootContexts()
	c.checkTwinCalls()
	c.checkSpanContexts()
}
