package ctxspan

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Callee returns the function or method a call statically invokes, or nil
// for calls of function values, builtins and conversions.
func Callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// IsSpanStart reports whether call starts a span: it returns exactly
// (context.Context, trace.Span). That covers trace.Tracer.Start on any
// tracer as well as the wrapper functions projects write around it.
func IsSpanStart(info *types.Info, call *ast.CallExpr) bool {
	tv, ok := info.Types[call]
	if !ok {
		return false
	}
	results, ok := tv.Type.(*types.Tuple)
	return ok && results.Len() == 2 &&
		IsContext(results.At(0).Type()) && IsSpan(results.At(1).Type())
}

// RootContextCall reports whether call is context.Background() or
// context.TODO(), and returns the function's name.
func RootContextCall(info *types.Info, call *ast.CallExpr) (string, bool) {
	fn := Callee(info, call)
	for _, name := range [...]string{"Background", "TODO"} {
		if IsFunc(fn, ContextPkg, name) {
			return name, true
		}
	}
	return "", false
}

// IsSpanFromContext reports whether call is trace.SpanFromContext, which
// returns a span owned by whoever started it, not by the caller.
func IsSpanFromContext(info *types.Info, call *ast.CallExpr) bool {
	return IsFunc(Callee(info, call), TracePkg, "SpanFromContext")
}

// ContextParamIndex returns the index of the first context.Context
// parameter of sig, or -1.
func ContextParamIndex(sig *types.Signature) int {
	for i := range sig.Params().Len() {
		if IsContext(sig.Params().At(i).Type()) {
			return i
		}
	}
	return -1
}
