package recordrace

import (
	"go/ast"
	"go/types"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/suppress"
	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
)

const doc = `report unsynchronised writes by goroutines to variables they capture

The recordrace analyzer reports a write, inside a goroutine's function
literal (go statement, errgroup/WaitGroup/conc Go method), to a local or
parameter of an enclosing function when something can use the same memory
at the same time: other instances of the goroutine started by a loop that
does not wait for them, another goroutine started by the same function,
or the starting function itself before its next wait point (a Wait call,
channel receive, select, range over a channel or Lock call).

Writes are assignments, op-assignments, ++/--, appends, element and field
stores, map stores and delete. Not reported: writes while a lock may be
held in the goroutine, sync/atomic and other method calls, sync.Map,
results[i] writes where i is private to the goroutine instance (a
parameter or local of the literal, or a per-iteration loop variable in a
Go 1.22+ file) and the slice is not appended to concurrently, and uses
ordered by a channel or WaitGroup hand-off.

It also reports the starting function's read of such a variable after a
time.Sleep that stands in for waiting on the goroutine.`

// Analyzer reports goroutines that write captured variables without
// synchronisation.
var Analyzer = &analysis.Analyzer{
	Name:     "recordrace",
	Doc:      doc,
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
}

func run(pass *analysis.Pass) (any, error) {
	insp := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{pass: pass, filter: suppress.New(pass), launchLits: make(map[*ast.FuncLit]bool)}
	for cur := range insp.Root().Preorder((*ast.GoStmt)(nil), (*ast.ExprStmt)(nil)) {
		if l, ok := ctxspan.GoroutineLaunch(pass.TypesInfo, cur.Node().(ast.Stmt)); ok && l.Body != nil {
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
