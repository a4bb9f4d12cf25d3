package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// nilGuardEnd returns the index in body of the statement after the last
// top-level statement that compares root with nil: a span that started
// before such a guard would replace a nil context (or panic, with no SDK
// installed) before the function could see it.
func (r *spanRule) nilGuardEnd(body *ast.BlockStmt, root *types.Var) int {
	end := 0
	for i, stmt := range body.List {
		ast.Inspect(stmt, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if ok && (b.Op == token.EQL || b.Op == token.NEQ) && (r.isVar(b.X, root) && isNil(r.info, b.Y) || r.isVar(b.Y, root) && isNil(r.info, b.X)) {
				end = i + 1
			}
			return end <= i
		})
	}
	return end
}

func (r *spanRule) isVar(e ast.Expr, v *types.Var) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && r.info.ObjectOf(id) == v
}

// passesToNilTolerant reports whether n passes root, as it is, to a
// function of the package that accepts a nil context (see nilTolerant).
func (r *spanRule) passesToNilTolerant(n ast.Node, root *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		callee := ctxspan.Callee(r.info, call)
		if _, ours := r.decls[callee]; !ours {
			return true
		}
		for i, arg := range call.Args {
			if r.isVar(arg, root) && r.nilTolerant(callee, i) {
				found = true
			}
		}
		return !found
	})
	return found
}

// nilTolerant reports whether the i-th parameter of fn, a function of the
// package, may be nil: fn compares it with nil, or hands it to a function
// that does. A caller that passes its own context on to such a function
// may be given nil too, and a span started from nil would panic.
func (r *spanRule) nilTolerant(fn *types.Func, i int) bool {
	k := paramKey{fn, i}
	if tolerant, ok := r.nilOK[k]; ok {
		return tolerant
	}
	r.nilOK[k] = false
	param, variadic := argParam(fn, i)
	if param == nil || variadic {
		return false
	}
	body := r.decls[fn].Body
	tolerant := r.nilGuardEnd(body, param) > 0 || r.passesToNilTolerant(body, param)
	r.nilOK[k] = tolerant
	return tolerant
}
