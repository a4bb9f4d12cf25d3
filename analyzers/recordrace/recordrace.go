package recordrace

import (
	_ "embed"
	"go/ast"
	"go/types"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/analyzerdoc"
	"github.com/ctxtrace/ctxtrace/analyzers/internal/funcdecl"
	"github.com/ctxtrace/ctxtrace/analyzers/internal/suppress"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

//go:embed doc.go
var docSource string

// Analyzer reports goroutines that write captured variables without
// synchronisation.
var Analyzer = &analysis.Analyzer{
	Name:     "recordrace",
	Doc:      analyzerdoc.MustExtract(docSource, "recordrace"),
	URL:      "https://github.com/ctxtrace/ctxtrace/tree/main/analyzers/recordrace",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

type checker struct {
	pass   *analysis.Pass
	filter *suppress.Filter
	// launchLits holds the function literals that run as goroutines; their
	// code belongs to the goroutine, not to the function around them.
	launchLits map[*ast.FuncLit]bool
	// maySync is the per-pass summary of same-package functions: whether a
	// call of one may synchronise (see maySyncCall).
	maySync map[*types.Func]bool
	// bound maps local variables holding one literal to it (boundLits).
	bound map[*types.Var]inspector.Cursor
	decls *funcdecl.Index
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, filter: suppress.New(pass), launchLits: make(map[*ast.FuncLit]bool),
		maySync: make(map[*types.Func]bool), bound: boundLits(pass.TypesInfo, insp.Root()),
		decls: funcdecl.NewIndex(pass.TypesInfo, pass.Files)}
	for cur := range insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.ExprStmt)(nil)) {
		if l, _, ok := c.launchOf(cur.Node().(ast.Stmt)); ok && l.Body != nil {
			c.launchLits[l.Body] = true
		}
	}
	for fileCur := range insp.Root().Preorder((*ast.File)(nil)) {
		file := fileCur.Node().(*ast.File)
		perIteration := perIterationLoopVars(pass, file)
		for fnCur := range fileCur.Preorder((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
			var body *ast.BlockStmt
			switch fn := fnCur.Node().(type) {
			case *ast.FuncDecl:
				body = fn.Body
			case *ast.FuncLit:
				body = fn.Body
			}
			if body == nil {
				continue
			}
			if f := c.newFunction(fnCur, body, perIteration); len(f.goroutines) > 0 {
				c.check(f)
			}
		}
	}
	return nil, nil
}

func exprString(e ast.Expr) string {
	if e == nil {
		return "?"
	}
	return types.ExprString(e)
}
