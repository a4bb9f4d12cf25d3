package ctxdrop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// contextAttachedLater reports whether the result of the call at cur is
// stored in a variable that the function later joins with a context:
//
//	req, err := http.NewRequest(http.MethodGet, u, nil)
//	...
//	resp, err := client.Do(ctx, req) // which calls req.WithContext(ctx)
//
// or req.WithContext(ctx) directly. The context travels beside the value
// instead of inside it, so nothing is dropped (Prometheus' API client is
// written this way).
func (c *funcChecker) contextAttachedLater(cur inspector.Cursor) bool {
	v := c.resultVar(cur)
	if v == nil {
		return false
	}
	info := c.pass.TypesInfo
	call := cur.Node()
	for later := range c.fn.Preorder((*ast.CallExpr)(nil)) {
		other := later.Node().(*ast.CallExpr)
		if other.Pos() <= call.Pos() {
			continue
		}
		if sel, ok := ast.Unparen(other.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "WithContext" && refersTo(info, sel.X, v) {
			return true
		}
		if passesWithContext(info, other, v) {
			return true
		}
	}
	return false
}

// resultVar returns the variable that the first result of the call at cur
// is assigned to, if the call is the whole right-hand side.
func (c *funcChecker) resultVar(cur inspector.Cursor) *types.Var {
	var lhs ast.Expr
	switch parent := cur.Parent().Node().(type) {
	case *ast.AssignStmt:
		if len(parent.Rhs) == 1 && parent.Rhs[0] == cur.Node() {
			lhs = parent.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(parent.Values) == 1 && parent.Values[0] == cur.Node() {
			lhs = parent.Names[0]
		}
	}
	id, ok := lhs.(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	v, _ := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// passesWithContext reports whether call is given both v and a context.
func passesWithContext(info *types.Info, call *ast.CallExpr, v *types.Var) bool {
	hasV, hasCtx := false, false
	for _, arg := range call.Args {
		hasV = hasV || refersTo(info, arg, v)
		if tv, ok := info.Types[arg]; ok && ctxspan.IsContext(tv.Type) {
			hasCtx = true
		}
	}
	return hasV && hasCtx
}

func refersTo(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.Uses[id] == v
}
