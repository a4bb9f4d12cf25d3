package spanend

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// endHookOfPair reports whether top is the end hook of a start/end pair:
// a function named ...End, ...Finish or ...Done whose twin named ...Start
// or ...Begin is a start hook, one that starts a span, discards the span
// ("ctx, _ = tracer.Start(ctx, …)") and returns the context that carries
// it, as a database tracer's TraceQueryStart does. The end hook ends that
// span from trace.SpanFromContext of the context it is given back: there,
// ending the caller's span is the package's own protocol, not a mistake.
func (c *checker) endHookOfPair(top ast.Node) bool {
	fn, ok := top.(*ast.FuncDecl)
	if !ok {
		return false
	}
	if c.startHooks == nil {
		c.startHooks = make(map[string]bool)
		for _, file := range c.pass.Files {
			for _, decl := range file.Decls {
				if d, ok := decl.(*ast.FuncDecl); ok && d.Body != nil && isStartHook(c.pass.TypesInfo, d.Body) {
					c.startHooks[hookName(d)] = true
				}
			}
		}
	}
	name := hookName(fn)
	for _, endWord := range [...]string{"End", "Finish", "Done"} {
		stem, ok := strings.CutSuffix(name, endWord)
		if ok && (c.startHooks[stem+"Start"] || c.startHooks[stem+"Begin"]) {
			return true
		}
	}
	return false
}

// hookName is a function's name, qualified by its receiver's type name for
// a method, so that hooks pair only within one type.
func hookName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	if idx, ok := t.(*ast.IndexExpr); ok {
		t = idx.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fn.Name.Name
	}
	return fn.Name.Name
}

// isStartHook reports whether body assigns a span start to "ctx, _" and
// returns an expression that mentions ctx.
func isStartHook(info *types.Info, body *ast.BlockStmt) bool {
	started := make(map[*types.Var]bool)
	returned := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Lhs) != 2 || len(n.Rhs) != 1 {
				return true
			}
			call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			blank, _ := n.Lhs[1].(*ast.Ident)
			ctx, _ := n.Lhs[0].(*ast.Ident)
			if ok && blank != nil && blank.Name == "_" && ctx != nil && ctxspan.IsSpanStart(info, call) {
				if v, ok := info.ObjectOf(ctx).(*types.Var); ok {
					started[v] = true
				}
			}
		case *ast.ReturnStmt:
			for _, res := range n.Results {
				ast.Inspect(res, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok {
						if v, ok := info.Uses[id].(*types.Var); ok && started[v] {
							returned = true
						}
					}
					return !returned
				})
			}
		}
		return true
	})
	return returned
}
