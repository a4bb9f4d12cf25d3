package ctxdrop

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// inLaterCallback reports whether the code at cur is inside a function
// literal that may run after the caller returned: one passed to a call
// that is neither a joined launch (g.Go(f)) nor a same-package function
// that calls it directly, or one stored in a field, element or composite
// literal (time.AfterFunc(d, f), handlers registered for later). The
// caller's context may be cancelled by the time it runs.
func (c *funcChecker) inLaterCallback(cur inspector.Cursor) bool {
	for lit := range cur.Enclosing((*ast.FuncLit)(nil)) {
		if lit.Node() == c.fn.Node() || (c.caller != nil &&
			lit.Node().Pos() <= c.caller.Pos() && c.caller.Pos() < lit.Node().End()) {
			break // the caller's context is the callback's own
		}
		switch p := lit.Parent().Node().(type) {
		case *ast.CallExpr:
			if i := argIndex(p, lit.Node()); i >= 0 && !c.runsArgNow(lit.Parent(), p, i) {
				return true
			}
		case *ast.KeyValueExpr, *ast.CompositeLit:
			return true
		case *ast.AssignStmt:
			id, ok := ast.Unparen(assignedTo(p, lit.Node())).(*ast.Ident)
			if !ok {
				return true // a field or an element
			}
			if v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var); ok && !c.declaredInside(v) {
				return true
			}
		}
	}
	return false
}

func argIndex(call *ast.CallExpr, n ast.Node) int {
	for i, a := range call.Args {
		if a == n {
			return i
		}
	}
	return -1
}

// runsArgNow reports whether call, given a function literal as argument
// i, runs it before the caller can return: a Go method launch (errgroup,
// WaitGroup), which the launcher joins, or a function of this package
// whose body calls that parameter itself.
func (c *funcChecker) runsArgNow(callCur inspector.Cursor, call *ast.CallExpr, i int) bool {
	if stmt, ok := callCur.Parent().Node().(ast.Stmt); ok {
		if l, ok := ctxspan.GoroutineLaunch(c.pass.TypesInfo, stmt); ok && l.Call == call {
			_, isGo := stmt.(*ast.GoStmt)
			return !isGo
		}
	}
	fn := ctxspan.Callee(c.pass.TypesInfo, call)
	if fn == nil {
		return false
	}
	for _, m := range syncRunners {
		if ctxspan.IsMethod(fn, m.pkg, m.recv, m.name) {
			return true
		}
	}
	if fn.Pkg() != c.pass.Pkg {
		return false
	}
	decl := c.decls.Decl(fn)
	if decl == nil || decl.Body == nil {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if i >= sig.Params().Len() {
		return false
	}
	param := sig.Params().At(i)
	called := false
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && c.pass.TypesInfo.Uses[id] == param {
				called = true
			}
		}
		return !called
	})
	return called
}

// syncRunners are methods of other packages documented to run their
// function argument before they return: a subtest or sub-benchmark
// (t.Run blocks until it completes, parallel subtests included, before
// the parent test's function returns) and sync.Once.Do.
var syncRunners = [...]struct{ pkg, recv, name string }{
	{"testing", "T", "Run"}, {"testing", "B", "Run"}, {"testing", "B", "RunParallel"},
	{"sync", "Once", "Do"},
}

// labelFuncs are the runtime/pprof functions that use a context only for
// the profiler labels they install on the goroutine: given a root
// context, they clear the labels, which the caller's context would keep.
var labelFuncs = [...]string{"SetGoroutineLabels", "Do"}

// resetsLabels reports whether the root context at cur is the context
// argument of a label-installing function.
func (c *funcChecker) resetsLabels(cur inspector.Cursor) bool {
	call, ok := cur.Parent().Node().(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || call.Args[0] != cur.Node() {
		return false
	}
	fn := ctxspan.Callee(c.pass.TypesInfo, call)
	for _, name := range labelFuncs {
		if ctxspan.IsFunc(fn, "runtime/pprof", name) {
			return true
		}
	}
	return false
}

// detachWords mark a comment that explains why a context is detached:
// "use a fresh context, since the original may be cancelled", "so the
// abort completes even if the context has timed out".
var detachWords = [...]string{"detach", "outliv", "cancellation", "independent",
	"cancelled", "canceled", "even if", "regardless", "not derived"}

// commentWindow is how many lines above the statement that makes the root
// context a comment may end and still speak for it: authors explain a
// detached context above the few lines that set it up.
const commentWindow = 6

// commentedDetach reports whether a comment inside the function, ending
// at most commentWindow lines above the statement that makes the root
// context, speaks of detaching it from the caller or its cancellation:
// the author decided, and said so.
func (c *funcChecker) commentedDetach(cur inspector.Cursor) bool {
	fset := c.pass.Fset
	pos := cur.Node().Pos()
	for stmt := range cur.Enclosing((*ast.AssignStmt)(nil), (*ast.ExprStmt)(nil), (*ast.DeclStmt)(nil),
		(*ast.ReturnStmt)(nil), (*ast.GoStmt)(nil), (*ast.DeferStmt)(nil)) {
		pos = stmt.Node().Pos()
		break
	}
	line := fset.Position(pos).Line
	for _, group := range c.file.Comments {
		end := fset.Position(group.End()).Line
		if group.Pos() < c.fn.Node().Pos() || end >= line || end < line-commentWindow {
			continue
		}
		text := strings.ToLower(group.Text())
		for _, w := range detachWords {
			if strings.Contains(text, w) {
				return true
			}
		}
	}
	return false
}
