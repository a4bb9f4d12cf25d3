package ctxdrop

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// twinSuffixes are the name suffixes of a function's context-taking twin,
// in order of preference.
var twinSuffixes = [...]string{"Context", "WithContext"}

// clientFuncs are the net/http functions and *http.Client methods that send
// a request with context.Background() and have no context-taking twin.
var clientFuncs = [...]string{"Get", "Post", "Head", "PostForm"}

// checkTwinCalls reports calls of functions that have a context-taking
// twin, made where a caller's context is visible.
func (c *funcChecker) checkTwinCalls() {
	info := c.pass.TypesInfo
	for cur := range c.fn.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		fn := ctxspan.Callee(info, call)
		if fn == nil || deferred(cur) {
			// Deferred cleanup often must not be cancelled with the
			// caller's context, and the fix would make it so.
			continue
		}
		visible, ok := c.visibleAt(call.Pos())
		if !ok {
			continue
		}
		if d, ok := c.twinDiagnostic(call, fn, visible.Expr); ok && !c.cancelledByHand(cur) && !c.contextAttachedLater(cur) {
			c.filter.Report(d)
		}
	}
}

// twinDiagnostic returns the diagnostic for a call of fn that should pass
// the context ctx, if fn has a context-taking replacement.
func (c *funcChecker) twinDiagnostic(call *ast.CallExpr, fn *types.Func, ctx string) (analysis.Diagnostic, bool) {
	fun := ast.Unparen(call.Fun)
	callee := types.ExprString(fun)
	diag := func(use string, edits ...analysis.TextEdit) (analysis.Diagnostic, bool) {
		d := analysis.Diagnostic{
			Pos:     call.Pos(),
			End:     call.End(),
			Message: fmt.Sprintf("%s drops %s, the caller's context; use %s", callee, ctx, use),
		}
		if len(edits) > 0 {
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Pass " + ctx, TextEdits: edits}}
		}
		return d, true
	}

	for _, name := range clientFuncs {
		if ctxspan.IsFunc(fn, "net/http", name) || ctxspan.IsMethod(fn, "net/http", "Client", name) {
			return diag(fmt.Sprintf("http.NewRequestWithContext(%s, ...) and a client's Do", ctx))
		}
	}
	if ctxspan.IsFunc(fn, "net", "Dial") {
		use := fmt.Sprintf("(&net.Dialer{}).DialContext(%s, ...)", ctx)
		if sel, ok := fun.(*ast.SelectorExpr); ok {
			if pkg, ok := sel.X.(*ast.Ident); ok {
				dialer := fmt.Sprintf("(&%s.Dialer{}).DialContext", pkg.Name)
				return diag(use,
					analysis.TextEdit{Pos: fun.Pos(), End: fun.End(), NewText: []byte(dialer)},
					insertFirstArgs(call, ctx))
			}
		}
		return diag(use)
	}
	if ctxspan.IsMethod(fn, "database/sql", "DB", "Begin") {
		if sel, ok := fun.(*ast.SelectorExpr); ok {
			beginTx := strings.TrimSuffix(callee, "Begin") + "BeginTx"
			return diag(fmt.Sprintf("%s(%s, nil)", beginTx, ctx),
				analysis.TextEdit{Pos: sel.Sel.Pos(), End: sel.Sel.End(), NewText: []byte("BeginTx")},
				insertFirstArgs(call, ctx+", nil"))
		}
		return analysis.Diagnostic{}, false
	}

	if completes(fn) {
		return analysis.Diagnostic{}, false
	}
	twin, nameID := c.findTwin(call, fn)
	if twin == nil {
		return analysis.Diagnostic{}, false
	}
	use := strings.TrimSuffix(callee, fn.Name()) + twin.Name() + "(" + ctx + ", ...)"
	if len(call.Args) == 0 {
		use = strings.TrimSuffix(callee, fn.Name()) + twin.Name() + "(" + ctx + ")"
	}
	return diag(use,
		analysis.TextEdit{Pos: nameID.Pos(), End: nameID.End(), NewText: []byte(twin.Name())},
		insertFirstArgs(call, ctx))
}

// insertFirstArgs returns the edit that makes args the first arguments of call.
func insertFirstArgs(call *ast.CallExpr, args string) analysis.TextEdit {
	if len(call.Args) > 0 {
		args += ", "
	}
	pos := call.Lparen + 1
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(args)}
}

// findTwin returns the accessible context-taking twin of fn, the callee of
// call, and the identifier naming fn in call (the one a fix renames).
// A twin of a package-level function is declared in the same package; a
// twin of a method is in the method set of the same receiver. The twin's
// parameters are (context.Context, <fn's parameters>) and its results are
// fn's.
func (c *funcChecker) findTwin(call *ast.CallExpr, fn *types.Func) (*types.Func, *ast.Ident) {
	info := c.pass.TypesInfo
	sig, ok := info.TypeOf(call.Fun).(*types.Signature)
	if !ok || fn.Pkg() == nil {
		return nil, nil
	}
	if fnSig, ok := fn.Type().(*types.Signature); !ok || fnSig.TypeParams().Len() > 0 {
		return nil, nil // comparing generic signatures needs unification; not worth the risk
	}
	var lookup func(name string) *types.Func
	var nameID *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident: // a function of this package, or dot-imported
		nameID = fun
		lookup = func(name string) *types.Func {
			twin, _ := fn.Pkg().Scope().Lookup(name).(*types.Func)
			if twin == nil || c.resolve(fun.Pos(), name) != twin {
				return nil // shadowed, or not visible under that name here
			}
			return twin
		}
	case *ast.SelectorExpr:
		nameID = fun.Sel
		if selection, ok := info.Selections[fun]; ok {
			if selection.Kind() != types.MethodVal {
				return nil, nil
			}
			lookup = c.methodLookup(selection)
		} else { // a qualified package-level function
			lookup = func(name string) *types.Func {
				twin, _ := fn.Pkg().Scope().Lookup(name).(*types.Func)
				return twin
			}
		}
	default:
		return nil, nil
	}
	for _, suffix := range twinSuffixes {
		twin := lookup(fn.Name() + suffix)
		if twin == nil || !c.accessible(twin) || twin.Origin() == c.selfOrigin() {
			// Calling Foo inside FooContext itself must not become a
			// recursive call of FooContext.
			continue
		}
		twinSig, ok := twin.Type().(*types.Signature)
		if ok && twinSig.TypeParams().Len() == 0 && isTwinSignature(sig, twinSig) {
			return twin, nameID
		}
	}
	return nil, nil
}

// methodLookup returns a lookup of methods of the receiver selection
// selected its method from. A pointer-receiver twin is callable only when
// the receiver is a pointer or addressable, which the original call proves
// when it took the receiver's address implicitly.
func (c *funcChecker) methodLookup(selection *types.Selection) func(name string) *types.Func {
	recv := selection.Recv()
	addressable := false
	if sig, ok := selection.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
		addressable = isPointer(sig.Recv().Type()) && !isPointer(recv)
	}
	return func(name string) *types.Func {
		obj, _, _ := types.LookupFieldOrMethod(recv, addressable, c.pass.Pkg, name)
		twin, _ := obj.(*types.Func)
		return twin
	}
}

func isPointer(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.Pointer)
	return ok
}

// resolve returns the object name denotes at pos in the function.
func (c *funcChecker) resolve(pos token.Pos, name string) types.Object {
	if c.scope == nil {
		return nil
	}
	inner := c.scope.Innermost(pos)
	if inner == nil {
		return nil
	}
	_, obj := inner.LookupParent(name, pos)
	return obj
}

func (c *funcChecker) accessible(fn *types.Func) bool {
	return fn.Exported() || fn.Pkg() == c.pass.Pkg
}

func (c *funcChecker) selfOrigin() *types.Func {
	if c.self == nil {
		return nil
	}
	return c.self.Origin()
}

// isTwinSignature reports whether twin's parameters are (context.Context,
// <fn's parameters>) and its results are fn's.
func isTwinSignature(fn, twin *types.Signature) bool {
	params, twinParams := fn.Params(), twin.Params()
	if twinParams.Len() != params.Len()+1 || fn.Variadic() != twin.Variadic() ||
		!ctxspan.IsContext(twinParams.At(0).Type()) {
		return false
	}
	for i := range params.Len() {
		if !types.Identical(params.At(i).Type(), twinParams.At(i+1).Type()) {
			return false
		}
	}
	return types.Identical(fn.Results(), twin.Results())
}

// completionVerbs begin the names of methods whose job is to finish or
// tear down: waiting, closing, flushing, shutting down. Their context
// twins return early on cancellation while the work goes on, so the
// caller may then reuse state that is still being written: the two are
// not interchangeable.
var completionVerbs = [...]string{"Wait", "Close", "Flush", "Shutdown", "Stop", "Drain", "Join", "Sync"}

// completes reports whether fn is a method named for completion or
// teardown: a completion verb alone or followed by an upper-case word
// (WaitAll, CloseSend), not a word that merely starts so (Waiter, Syncer).
func completes(fn *types.Func) bool { return methodNamedFor(fn, completionVerbs[:]) }
