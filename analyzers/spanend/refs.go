package spanend

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A spanRef says what a reference to a span variable does with the span.
type spanRef int

const (
	// refHandoff: the span value goes somewhere (argument, return, store,
	// send, comparison, method value, ...). Like lostcancel, any such use
	// counts: the function may have handed ownership on.
	refHandoff spanRef = iota
	refEnd             // span.End(...)
	refMethod          // another method call on the span (SetAttributes, ...)
	refAssign          // the variable is (re)assigned
)

// classifySpanRef says what the reference id to a span variable does. It
// does not look at enclosing closures; see inClosure.
func (f *funcInfo) classifySpanRef(id *ast.Ident) spanRef {
	child, parent := f.climbParens(id)
	switch p := parent.(type) {
	case *ast.SelectorExpr:
		sel, selParent := f.climbParens(p)
		if call, ok := selParent.(*ast.CallExpr); ok && call.Fun == sel {
			if p.Sel.Name == "End" {
				return refEnd
			}
			return refMethod
		}
	case *ast.AssignStmt:
		for _, lhs := range p.Lhs {
			if lhs == child {
				if cc, ok := f.parents.of(p).(*ast.CommClause); ok && cc.Comm == p {
					// Assigned only if this select case is chosen;
					// assume nothing rather than an overwrite.
					return refHandoff
				}
				return refAssign
			}
		}
	case *ast.ValueSpec:
		for _, name := range p.Names {
			if name == child {
				return refAssign
			}
		}
	case *ast.RangeStmt:
		if p.Key == child || p.Value == child {
			return refAssign
		}
	}
	return refHandoff
}

// ctxEscapes reports whether the reference id to a context variable hands
// the context (and so the span in it) to someone who may end the span:
// the context is sent, returned, stored in a composite literal, field,
// element or non-local variable, has its address taken, or is given to
// trace.SpanFromContext. Passing it to an ordinary call does not count:
// that is how every context is used, unless the call derives a context
// from it (context.WithValue(ctx, ...)) and that context escapes: it
// carries the span as well, as in a gRPC stats handler's TagRPC.
func (f *funcInfo) ctxEscapes(e ast.Expr) bool {
	child, parent := f.climbParens(e)
	switch p := parent.(type) {
	case *ast.SendStmt:
		return p.Value == child
	case *ast.CompositeLit, *ast.ReturnStmt:
		return true
	case *ast.KeyValueExpr:
		_, inLit := f.parents.of(p).(*ast.CompositeLit)
		return p.Value == child && inLit
	case *ast.UnaryExpr:
		return p.Op == token.AND
	case *ast.AssignStmt:
		if len(p.Lhs) != len(p.Rhs) {
			return false
		}
		for i, rhs := range p.Rhs {
			if rhs == child {
				lhs := identOf(p.Lhs[i])
				return lhs == nil || lhs.Name != "_" && f.localVar(lhs) == nil
			}
		}
	case *ast.CallExpr:
		if ctxspan.IsSpanFromContext(f.info, p) {
			return true
		}
		if p.Fun != child && f.returnsContext(p) {
			return f.ctxEscapes(p)
		}
		// go func(ctx context.Context) { ... }(ctx): follow the parameter.
		if lit, ok := ast.Unparen(p.Fun).(*ast.FuncLit); ok {
			for i, arg := range p.Args {
				if arg == child {
					return f.paramEscapes(lit, i)
				}
			}
		}
	}
	return false
}

// paramEscapes reports whether the i'th parameter of lit, a context, escapes
// in lit's body.
func (f *funcInfo) paramEscapes(lit *ast.FuncLit, i int) bool {
	var names []*ast.Ident
	for _, field := range lit.Type.Params.List {
		names = append(names, field.Names...)
	}
	if i >= len(names) {
		return false
	}
	param, ok := f.info.Defs[names[i]].(*types.Var)
	if !ok {
		return false
	}
	escapes := false
	f.refsTo(lit.Body, param, func(id *ast.Ident) { escapes = escapes || f.ctxEscapes(id) })
	return escapes
}

// recordsError reports whether the reference id to a span variable is the
// receiver of RecordError or of SetStatus with a status that may be
// codes.Error.
func (f *funcInfo) recordsError(id *ast.Ident) bool {
	_, parent := f.climbParens(id)
	sel, ok := parent.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	selExpr, selParent := f.climbParens(sel)
	call, ok := selParent.(*ast.CallExpr)
	if !ok || call.Fun != selExpr {
		return false
	}
	switch sel.Sel.Name {
	case "RecordError":
		return true
	case "SetStatus":
		return len(call.Args) > 0 && !f.isNonErrorCode(call.Args[0])
	}
	return false
}

// isNonErrorCode reports whether e is a constant codes.Code other than
// codes.Error (codes.Ok, codes.Unset).
func (f *funcInfo) isNonErrorCode(e ast.Expr) bool {
	tv, ok := f.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	named, ok := types.Unalias(tv.Type).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg().Path() != codesPkg || named.Obj().Name() != "Code" {
		return false
	}
	code, exact := constant.Uint64Val(tv.Value)
	return exact && code != codesError
}

const (
	codesPkg   = "go.opentelemetry.io/otel/codes"
	codesError = 1 // codes.Error
)

// returnsContext reports whether call's single result is a context.
func (f *funcInfo) returnsContext(call *ast.CallExpr) bool {
	tv, ok := f.info.Types[call]
	return ok && ctxspan.IsContext(tv.Type)
}
