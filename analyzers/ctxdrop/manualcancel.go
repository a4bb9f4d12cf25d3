package ctxdrop

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// cancelledByHand reports whether the call at cur runs in a goroutine
// whose launcher waits on the caller's context itself:
//
//	go func() { errc <- conn.Handshake() }()
//	select {
//	case err := <-errc: ...
//	case <-ctx.Done(): conn.Close(); return ctx.Err()
//	}
//
// The launcher then honours cancellation by hand (grpc's TLS handshakes
// do), so the call does not drop the context and the twin is a matter of
// taste.
func (c *funcChecker) cancelledByHand(cur inspector.Cursor) bool {
	lit, launcher := goroutineLiteral(cur)
	if lit == nil || launcher == nil {
		return false
	}
	found := false
	ast.Inspect(launcher, func(n ast.Node) bool {
		if n == lit || found {
			return false
		}
		if recv, ok := n.(*ast.UnaryExpr); ok && recv.Op == token.ARROW {
			found = c.isCallerDone(recv.X)
		}
		return !found
	})
	return found
}

// goroutineLiteral returns the innermost function literal around cur if a
// go statement runs it, and the body of the function that holds that go
// statement.
func goroutineLiteral(cur inspector.Cursor) (*ast.FuncLit, ast.Node) {
	var lit *ast.FuncLit
	for parent := range cur.Enclosing((*ast.FuncLit)(nil), (*ast.FuncDecl)(nil)) {
		if lit != nil {
			switch fn := parent.Node().(type) {
			case *ast.FuncLit:
				return lit, fn.Body
			case *ast.FuncDecl:
				return lit, fn.Body
			}
		}
		l, ok := parent.Node().(*ast.FuncLit)
		if !ok {
			return nil, nil
		}
		call, ok := parent.Parent().Node().(*ast.CallExpr)
		if !ok || call.Fun != l {
			return nil, nil
		}
		if _, ok := parent.Parent().Parent().Node().(*ast.GoStmt); !ok {
			return nil, nil
		}
		lit = l
	}
	return nil, nil
}

// isCallerDone reports whether e is ctx.Done() for a caller's context ctx.
func (c *funcChecker) isCallerDone(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Done" {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := c.pass.TypesInfo.Uses[id].(*types.Var)
	return ok && ctxspan.IsContext(v.Type()) && c.callers.IsCallerContext(v)
}
