package ctxdrop

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// detachedOnPurpose reports whether the root context made at cur is
// detached from the caller deliberately: it escapes the call (returned,
// or stored through locals and context.With... derivations), it runs in a
// callback that may run after the caller returned, it resets goroutine
// labels, it is given to a teardown method, or a comment above it says
// so. Such code wants a context that outlives the caller's; passing the
// caller's would be wrong advice.
func (c *funcChecker) detachedOnPurpose(cur inspector.Cursor, caller *types.Var) bool {
	c.caller = caller
	return c.inLaterCallback(cur) || c.resetsLabels(cur) || c.commentedDetach(cur) || c.forTeardown(cur) ||
		c.escapes(cur, 0)
}

// escapes reports whether the root context at cur, or a derivation of it,
// is returned or stored beyond the function's locals, following local
// variables it is assigned to (depth bounds the chain of locals).
func (c *funcChecker) escapes(cur inspector.Cursor, depth int) bool {
	expr, parent := c.derivedUse(cur)
	switch n := parent.Node().(type) {
	case *ast.ReturnStmt:
		return true // a helper that chooses a context and returns it
	case *ast.AssignStmt:
		id, ok := ast.Unparen(assignedTo(n, expr.Node())).(*ast.Ident)
		if !ok || depth > 4 {
			return false
		}
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		return ok && c.declaredInside(v) && c.localEscapes(v, depth)
	case *ast.ValueSpec:
		for i, val := range n.Values {
			if val == expr.Node() && i < len(n.Names) {
				v, ok := c.pass.TypesInfo.Defs[n.Names[i]].(*types.Var)
				return ok && depth <= 4 && c.localEscapes(v, depth)
			}
		}
	}
	return false
}

// localEscapes reports whether a use of the local v is stored beyond the
// function (storedOutside), returned, captured by a later callback, or
// assigned to another local that escapes.
func (c *funcChecker) localEscapes(v *types.Var, depth int) bool {
	info := c.pass.TypesInfo
	for cur := range c.fn.Preorder((*ast.Ident)(nil)) {
		if info.Uses[cur.Node().(*ast.Ident)] != v {
			continue
		}
		if c.storedOutside(cur) || c.escapes(cur, depth+1) || c.inLaterCallback(cur) {
			return true
		}
	}
	return false
}

// feedsSpan reports whether the root context at cur, directly, derived or
// through a local, is the parent of a span start: the trace breaks there
// whatever the intent, so the drop stays reported.
func (c *funcChecker) feedsSpan(cur inspector.Cursor) bool {
	info := c.pass.TypesInfo
	expr, parent := c.derivedUse(cur)
	switch n := parent.Node().(type) {
	case *ast.CallExpr:
		return ctxspan.IsSpanStart(info, n) && len(n.Args) > 0 && n.Args[0] == expr.Node()
	case *ast.AssignStmt:
		id, ok := ast.Unparen(assignedTo(n, expr.Node())).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || !c.declaredInside(v) {
			return false
		}
		for use := range c.fn.Preorder((*ast.Ident)(nil)) {
			call, ok := use.Parent().Node().(*ast.CallExpr)
			if ok && info.Uses[use.Node().(*ast.Ident)] == v && ctxspan.IsSpanStart(info, call) &&
				len(call.Args) > 0 && ast.Unparen(call.Args[0]) == use.Node() {
				return true
			}
		}
	}
	return false
}
