package spanend

import (
	"go/ast"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A spanStart is a call that starts a span, in a statement that keeps its
// results in the function.
type spanStart struct {
	call *ast.CallExpr
	// stmt is the CFG node holding the call: an *ast.AssignStmt, an
	// *ast.ValueSpec or an *ast.ExprStmt.
	stmt ast.Node
	// ctx and span are the expressions the results are assigned to; both
	// are nil for an expression statement.
	ctx, span ast.Expr
}

// spanStarts returns the span starts of f's own body (not of nested
// literals, which are checked on their own). A start whose results are
// returned or passed straight to a call leaves the function: the caller
// or callee owns the span, so it is not collected.
func (f *funcInfo) spanStarts() []*spanStart {
	var starts []*spanStart
	ast.Inspect(f.body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || !ctxspan.IsSpanStart(f.info, call) {
			return true
		}
		child, parent := f.climbParens(call)
		switch p := parent.(type) {
		case *ast.AssignStmt:
			if len(p.Lhs) == 2 && len(p.Rhs) == 1 && p.Rhs[0] == child {
				starts = append(starts, &spanStart{call: call, stmt: p, ctx: p.Lhs[0], span: p.Lhs[1]})
			}
		case *ast.ValueSpec:
			if len(p.Names) == 2 && len(p.Values) == 1 && p.Values[0] == child {
				starts = append(starts, &spanStart{call: call, stmt: p, ctx: p.Names[0], span: p.Names[1]})
			}
		case *ast.ExprStmt:
			starts = append(starts, &spanStart{call: call, stmt: p})
		}
		return true
	})
	return starts
}
