package recordrace

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
	"golang.org/x/tools/go/ast/inspector"
)

// boundLits maps the local variables that hold one function literal for
// their whole life (f := func() {...} or var f = func() {...}, never
// assigned again and never addressed) to that literal's cursor: go f(),
// go output(c) and g.Go(task) run that literal.
func boundLits(info *types.Info, root inspector.Cursor) map[*types.Var]inspector.Cursor {
	bound := make(map[*types.Var]inspector.Cursor)
	spoiled := make(map[*types.Var]bool)
	bind := func(id *ast.Ident, rhs ast.Expr) {
		v, _ := info.Defs[id].(*types.Var)
		if v == nil {
			return
		}
		lit, ok := ast.Unparen(rhs).(*ast.FuncLit)
		if !ok {
			return
		}
		if c, ok := root.FindNode(lit); ok {
			bound[v] = c
		}
	}
	for cur := range root.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				if v, ok := info.Uses[id].(*types.Var); ok {
					spoiled[v] = true // assigned again (or redeclared by :=)
				} else if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					bind(id, n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == len(n.Values) {
				for i, id := range n.Names {
					bind(id, n.Values[i])
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v, ok := info.Uses[id].(*types.Var); ok {
					spoiled[v] = true
				}
			}
		}
	}
	for v := range spoiled {
		delete(bound, v)
	}
	return bound
}

// launchOf is ctxspan.GoroutineLaunch, with Body set to the literal a
// bound local variable holds when the goroutine runs one, and the
// literal's cursor (or the zero cursor).
func (c *checker) launchOf(stmt ast.Stmt) (ctxspan.Launch, inspector.Cursor, bool) {
	l, ok := ctxspan.GoroutineLaunch(c.pass.TypesInfo, stmt)
	if !ok || l.Body != nil {
		return l, inspector.Cursor{}, ok
	}
	fun := l.Call.Fun
	if _, isGo := stmt.(*ast.GoStmt); !isGo {
		fun = l.Call.Args[len(l.Call.Args)-1]
	}
	if id, isID := ast.Unparen(fun).(*ast.Ident); isID {
		if v, isVar := c.pass.TypesInfo.Uses[id].(*types.Var); isVar {
			if litCur, bound := c.bound[v]; bound {
				l.Body = litCur.Node().(*ast.FuncLit)
				return l, litCur, true
			}
		}
	}
	return l, inspector.Cursor{}, true
}
