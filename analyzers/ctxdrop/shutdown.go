package ctxdrop

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// forShutdown reports whether the root context made at cur, directly or
// through context.With... derivations or a local variable, is passed to
// a method named Shutdown, such as (*http.Server).Shutdown or a tracer
// provider's. A shutdown must not end with the caller's context: a
// handler that shuts its server down would cancel the very shutdown that
// waits for it.
func (c *funcChecker) forShutdown(cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	expr, parent := c.derivedUse(cur)
	switch n := parent.Node().(type) {
	case *ast.CallExpr:
		return isShutdown(info, n) && slices.Contains(n.Args, expr.Node().(ast.Expr))
	case *ast.AssignStmt:
		id, ok := ast.Unparen(assignedTo(n, expr.Node())).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		return ok && c.passedToShutdown(v)
	}
	return false
}

// passedToShutdown reports whether v is an argument of a Shutdown call
// in the function.
func (c *funcChecker) passedToShutdown(v *types.Var) bool {
	info := c.pass.TypesInfo
	for cur := range c.fn.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if !isShutdown(info, call) {
			continue
		}
		for _, arg := range call.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok && info.Uses[id] == v {
				return true
			}
		}
	}
	return false
}

// isShutdown reports whether call calls a method named Shutdown.
func isShutdown(info *types.Info, call *ast.CallExpr) bool {
	fn := ctxspan.Callee(info, call)
	if fn == nil || fn.Name() != "Shutdown" {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}
