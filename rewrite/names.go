package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
)

// funcName returns the span name of a declared function the way Go's
// runtime names it, with the package name in front: pkg.F, pkg.T.M,
// pkg.(*T).M. qualified has the import path instead of the package name
// (code.function.name).
func funcName(pkg *types.Package, fd *ast.FuncDecl) (name, qualified string) {
	local := fd.Name.Name
	if fd.Recv != nil && len(fd.Recv.List) > 0 {
		local = receiverName(fd.Recv.List[0].Type) + "." + local
	}
	return pkg.Name() + "." + local, pkg.Path() + "." + local
}

func receiverName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.StarExpr:
		return "(*" + receiverName(e.X) + ")"
	case *ast.ParenExpr:
		return receiverName(e.X)
	case *ast.IndexExpr:
		return receiverName(e.X)
	case *ast.IndexListExpr:
		return receiverName(e.X)
	case *ast.Ident:
		return e.Name
	}
	return "?"
}

// closureNames numbers the function literals inside fn as the compiler
// does: base.func1, base.func2 for literals directly inside, base.func1.1
// for a literal inside func1.
func closureNames(fn ast.Node, base string) map[*ast.FuncLit]string {
	names := make(map[*ast.FuncLit]string)
	var walk func(n ast.Node, prefix string, numbered bool)
	walk = func(n ast.Node, prefix string, numbered bool) {
		count := 0
		ast.Inspect(n, func(c ast.Node) bool {
			if c == n {
				return true
			}
			lit, ok := c.(*ast.FuncLit)
			if !ok {
				return true
			}
			count++
			var name string
			if numbered {
				name = prefix + "." + strconv.Itoa(count)
			} else {
				name = prefix + ".func" + strconv.Itoa(count)
			}
			names[lit] = name
			walk(lit, name, true)
			return false
		})
	}
	walk(fn, base, false)
	return names
}

// identNames returns every identifier name used or declared inside n.
func identNames(n ast.Node) map[string]bool {
	names := make(map[string]bool)
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			// x.f: a field or method name cannot collide with a local name.
			ast.Inspect(n.X, visit)
			return false
		case *ast.Ident:
			names[n.Name] = true
		}
		return true
	}
	ast.Inspect(n, visit)
	return names
}

// freeAtTop reports whether name can be declared in the outermost scope of
// the function fn (a *ast.FuncDecl or *ast.FuncLit) without changing what
// any identifier in it means: nothing of that name is declared at its top
// level, and nothing inside refers to an outer object of that name.
func freeAtTop(info *types.Info, fn ast.Node, ft *ast.FuncType, name string) bool {
	if scope := info.Scopes[ft]; scope != nil && scope.Lookup(name) != nil {
		return false
	}
	free := true
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, visit) // the field or method name is no use of a variable
			return false
		}
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != name {
			return free
		}
		if obj := info.Uses[id]; obj != nil && !within(obj.Pos(), fn) {
			free = false
		}
		return free
	}
	ast.Inspect(fn, visit)
	return free
}

func within(pos token.Pos, n ast.Node) bool {
	return pos.IsValid() && n.Pos() <= pos && pos < n.End()
}

// exprText renders a short expression (a channel operand) for a span name.
func exprText(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprText(e.X) + "." + e.Sel.Name
	case *ast.ParenExpr:
		return exprText(e.X)
	case *ast.CallExpr:
		return exprText(e.Fun) + "()"
	case *ast.StarExpr:
		return "*" + exprText(e.X)
	case *ast.IndexExpr:
		return exprText(e.X) + "[" + exprText(e.Index) + "]"
	case *ast.BasicLit:
		return e.Value
	}
	return types.ExprString(e)
}
