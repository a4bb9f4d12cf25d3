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
	decl, ok := top.(*ast.FuncDecl)
	if !ok {
		return false
	}
	info := c.pass.TypesInfo
	if c.startHooks == nil {
		c.startHooks = make(map[hookKey]bool)
		for _, file := range c.pass.Files {
			for _, d := range file.Decls {
				if d, ok := d.(*ast.FuncDecl); ok && d.Body != nil && isStartHook(info, d.Body) {
					c.startHooks[hookOf(info, d)] = true
				}
			}
		}
	}
	hook := hookOf(info, decl)
	for _, endWord := range [...]string{"End", "Finish", "Done"} {
		stem, ok := strings.CutSuffix(hook.name, endWord)
		if ok && (c.startHooks[hookKey{hook.recv, stem + "Start"}] || c.startHooks[hookKey{hook.recv, stem + "Begin"}]) {
			return true
		}
	}
	return false
}

// A hookKey names a function, and for a method its receiver's type, so
// that hooks pair only within one type.
type hookKey struct {
	recv *types.TypeName // nil for a function
	name string
}

func hookOf(info *types.Info, decl *ast.FuncDecl) hookKey {
	fn, _ := info.Defs[decl.Name].(*types.Func)
	if fn == nil {
		return hookKey{name: decl.Name.Name}
	}
	return hookKey{ctxspan.Receiver(fn), fn.Name()}
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
