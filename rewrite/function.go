package rewrite

import (
	"go/ast"
	"go/token"

	"github.com/dave/dst"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// funcState is one declared function (with the literals inside it) being
// injected into. Sites are planned top-down, so that each knows the
// context its enclosing injections make visible, and applied bottom-up,
// so that each sees the code inside it already rewritten.
type funcState struct {
	f               *fileState
	fd              *ast.FuncDecl
	name, qualified string
	closures        map[*ast.FuncLit]string
	callers         *ctxspan.CallerContexts
	overrides       []override
	applies         []func() error
}

// An override says that inside [from, to) the context to use is expr: a
// parameter or item variable an injection introduced.
type override struct {
	from, to token.Pos
	expr     string
}

func (f *fileState) injectFunc(fd *ast.FuncDecl) error {
	fn := &funcState{f: f, fd: fd}
	fn.name, fn.qualified = funcName(f.p.pkg.Types, fd)
	fn.closures = closureNames(fd, fn.name)
	fn.callers = f.p.callersOf(fd)
	cfg := f.p.cfg
	if !cfg.NoFunctions {
		fn.planFuncSpan(fd, fd.Type, fd.Body)
	}
	var stack []ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if !cfg.NoFunctions {
				fn.planFuncSpan(n, n.Type, n.Body)
			}
		case *ast.GoStmt:
			if !cfg.NoGoroutines {
				fn.planGo(n)
			}
		case *ast.RangeStmt:
			fn.planRange(n)
		case *ast.CommClause:
			fn.planSelectCase(n, inLoop(stack))
		case *ast.SendStmt:
			_, isComm := stack[len(stack)-1].(*ast.CommClause)
			fn.planSend(n, isComm)
		}
		stack = append(stack, n)
		return true
	})
	for i := len(fn.applies) - 1; i >= 0; i-- {
		if err := fn.applies[i](); err != nil {
			return err
		}
	}
	return nil
}

// inLoop reports whether the innermost function on stack runs the
// statement on top of it in a loop.
func inLoop(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit:
			return false
		}
	}
	return false
}

// ctxAt returns the expression of the context code at pos should use, and
// whether that expression is a plain variable.
func (fn *funcState) ctxAt(pos token.Pos) (expr string, isVar, ok bool) {
	best := -1
	for i, o := range fn.overrides {
		if o.from <= pos && pos < o.to && (best < 0 || o.from >= fn.overrides[best].from) {
			best = i
		}
	}
	if best >= 0 {
		return fn.overrides[best].expr, true, true
	}
	v, ok := fn.callers.At(pos)
	if !ok {
		return "", false, false
	}
	return v.Expr, v.Var != nil && v.Expr == v.Var.Name(), true
}

// nameOf returns the span name base of the function (declaration or
// literal) that encloses pos.
func (fn *funcState) nameOf(pos token.Pos) string {
	name := fn.name
	var inner ast.Node
	for lit, litName := range fn.closures {
		if within(pos, lit) && (inner == nil || lit.Pos() > inner.Pos()) {
			inner, name = lit, litName
		}
	}
	return name
}

// usesName reports whether any identifier in n is called name.
func usesName(n dst.Node, name string) bool {
	found := false
	dst.Inspect(n, func(n dst.Node) bool {
		if id, ok := n.(*dst.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// insertTop puts stmts at the start of body.
func insertTop(body *dst.BlockStmt, stmts []dst.Stmt) {
	body.List = append(append([]dst.Stmt{}, stmts...), body.List...)
}
