package spanend

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/cfg"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/noreturn"
)

// funcInfo is one function (declaration or literal) under analysis.
type funcInfo struct {
	info    *types.Info
	fn      ast.Node // *ast.FuncDecl or *ast.FuncLit
	body    *ast.BlockStmt
	sig     *types.Signature // nil if type information is missing
	parents *parentIndex
	graph   *cfg.CFG // built on first use
}

func newFuncInfo(info *types.Info, fn ast.Node, body *ast.BlockStmt, parents *parentIndex) *funcInfo {
	return &funcInfo{info: info, fn: fn, body: body, sig: signatureOf(info, fn), parents: parents}
}

// cfg returns the function's control-flow graph, in which calls that never
// return (panic, os.Exit, t.Fatal, ...) end their path.
func (f *funcInfo) cfg() *cfg.CFG {
	if f.graph == nil {
		f.graph = cfg.New(f.body, noreturn.MayReturn(f.info))
	}
	return f.graph
}

// declaredInside reports whether v is declared in the function (its
// parameters included), as opposed to an enclosing function or the package.
func (f *funcInfo) declaredInside(v *types.Var) bool {
	return f.fn.Pos() <= v.Pos() && v.Pos() < f.fn.End()
}

// isNamedResult reports whether v is one of the function's named results,
// which every return statement hands to the caller.
func (f *funcInfo) isNamedResult(v *types.Var) bool {
	if f.sig == nil {
		return true // be safe: without types, assume the caller gets it
	}
	for r := range f.sig.Results().Variables() {
		if r == v {
			return true
		}
	}
	return false
}

// climbParens returns the outermost parenthesized expression that wraps n
// (n itself if it is not parenthesized), and that expression's parent.
func (f *funcInfo) climbParens(n ast.Node) (child, parent ast.Node) {
	child, parent = n, f.parents.of(n)
	for {
		p, ok := parent.(*ast.ParenExpr)
		if !ok {
			return child, parent
		}
		child, parent = p, f.parents.of(p)
	}
}

// inClosure reports whether n lies in a function literal nested in f.
func (f *funcInfo) inClosure(n ast.Node) bool {
	for p := f.parents.of(n); p != nil && p != f.fn; p = f.parents.of(p) {
		if _, ok := p.(*ast.FuncLit); ok {
			return true
		}
	}
	return false
}

// inDefer reports whether n lies in the call of a defer statement of f.
func (f *funcInfo) inDefer(n ast.Node) bool {
	for p := f.parents.of(n); p != nil && p != f.fn; p = f.parents.of(p) {
		switch p.(type) {
		case *ast.DeferStmt:
			return true
		case *ast.FuncLit:
			return false
		}
	}
	return false
}

// innermostLoop returns the innermost for or range statement of f whose
// body contains n, or nil.
func (f *funcInfo) innermostLoop(n ast.Node) ast.Stmt {
	for child, p := n, f.parents.of(n); p != nil && p != f.fn; child, p = p, f.parents.of(p) {
		switch p := p.(type) {
		case *ast.FuncLit:
			return nil
		case *ast.ForStmt:
			if child == p.Body {
				return p
			}
		case *ast.RangeStmt:
			if child == p.Body {
				return p
			}
		}
	}
	return nil
}

// inStatementList reports whether stmt is an element of a statement list
// (a block or a case body), where a statement can be inserted after it.
func (f *funcInfo) inStatementList(stmt ast.Stmt) bool {
	switch p := f.parents.of(stmt).(type) {
	case *ast.BlockStmt:
		return true
	case *ast.CaseClause:
		return containsStmt(p.Body, stmt)
	case *ast.CommClause:
		return containsStmt(p.Body, stmt)
	}
	return false
}

func containsStmt(list []ast.Stmt, stmt ast.Stmt) bool {
	for _, s := range list {
		if s == stmt {
			return true
		}
	}
	return false
}

// identOf returns e as an identifier, or nil.
func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// localVar returns the variable id declares or refers to if it is declared
// in f, or nil.
func (f *funcInfo) localVar(id *ast.Ident) *types.Var {
	v, ok := f.info.ObjectOf(id).(*types.Var)
	if !ok || !f.declaredInside(v) {
		return nil
	}
	return v
}

// refsTo calls yield for every identifier in root that refers to v.
func (f *funcInfo) refsTo(root ast.Node, v *types.Var, yield func(id *ast.Ident)) {
	ast.Inspect(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && f.info.ObjectOf(id) == v {
			yield(id)
		}
		return true
	})
}

// line returns the line number of pos.
func line(fset *token.FileSet, pos token.Pos) int { return fset.Position(pos).Line }
