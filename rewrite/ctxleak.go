package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A function span replaces the function's context with one that holds the
// span. That changes nothing the function's callers can see as long as the
// context stays inside: passed down, derived from, waited on, sent along a
// pipeline. It changes behaviour when the context leaves (returned, stored
// in a field, a package variable or a variable of an enclosing function,
// handed to a method that may keep it) or is compared with anything but
// nil, so such functions get no span. A goroutine running a service loop
// (see spanRule.serviceLoop) that is given the context outlives the function too:
// with a span, everything it ever did would land in that span's trace.

// contextFlow follows the values that hold a function's context: the
// parameter itself and whatever is derived from it or built around it.
type contextFlow struct {
	r       *spanRule
	fn      ast.Node // the function whose variables are its own
	holders map[*types.Var]bool
	leaks   bool
}

// contextLeaves reports whether root, a parameter of fn, leaves fn or is
// compared with something other than nil.
func (r *spanRule) contextLeaves(fn ast.Node, body *ast.BlockStmt, root *types.Var) bool {
	fl := &contextFlow{r: r, fn: fn, holders: map[*types.Var]bool{root: true}}
	// Holders found in one pass can make earlier statements leak, so walk
	// until no new holder turns up.
	for n := -1; n != len(fl.holders) && !fl.leaks; {
		n = len(fl.holders)
		ast.Inspect(body, fl.visit)
	}
	return fl.leaks
}

func (fl *contextFlow) visit(n ast.Node) bool {
	if fl.leaks {
		return false
	}
	switch n := n.(type) {
	case *ast.AssignStmt:
		fl.assign(n.Lhs, n.Rhs)
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(n.Names))
		for i, id := range n.Names {
			lhs[i] = id
		}
		fl.assign(lhs, n.Values)
	case *ast.RangeStmt:
		if fl.carries(n.X) {
			fl.assign([]ast.Expr{n.Key, n.Value}, []ast.Expr{n.X, n.X})
		}
	case *ast.ReturnStmt:
		fl.leaks = slices.ContainsFunc(n.Results, fl.carries)
	case *ast.BinaryExpr:
		if n.Op == token.EQL || n.Op == token.NEQ {
			fl.leaks = fl.carries(n.X) && !isNil(fl.r.info, n.Y) || fl.carries(n.Y) && !isNil(fl.r.info, n.X)
		}
	case *ast.SwitchStmt:
		fl.leaks = n.Tag != nil && fl.carries(n.Tag)
	case *ast.GoStmt:
		fl.leaks = fl.r.launchesService(n.Call) && (fl.carries(n.Call.Fun) || slices.ContainsFunc(n.Call.Args, fl.carries))
	case *ast.CallExpr:
		fl.leaks = fl.callKeeps(n)
	}
	return !fl.leaks
}

// assign makes local variables given a held value holders; storing one
// anywhere else is a leak.
func (fl *contextFlow) assign(lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		if l == nil {
			continue
		}
		var r ast.Expr
		switch {
		case len(rhs) == len(lhs):
			r = rhs[i]
		case len(rhs) == 1:
			r = rhs[0] // a call or comma-ok form giving every variable
		default:
			continue
		}
		if !fl.carries(r) || !holds(fl.r.info.TypeOf(l)) {
			continue
		}
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			fl.leaks = true
			return
		}
		if id.Name == "_" {
			continue
		}
		v, ok := fl.r.info.ObjectOf(id).(*types.Var)
		if !ok || !within(v.Pos(), fl.fn) {
			fl.leaks = true
			return
		}
		fl.holders[v] = true
	}
}

// callKeeps reports whether call hands a held context to a function that
// may keep it: a function of the package whose parameter leaks, or a
// method of another package that returns nothing, which is how setters
// look from outside.
func (fl *contextFlow) callKeeps(call *ast.CallExpr) bool {
	info := fl.r.info
	callee := ctxspan.Callee(info, call)
	for i, arg := range call.Args {
		if !fl.carries(arg) {
			continue
		}
		if _, ours := fl.r.decls[callee]; ours {
			if fl.r.paramLeaks(callee, i) {
				return true
			}
			continue
		}
		if callee == nil || !ctxspan.IsContext(info.TypeOf(arg)) || isContextOrOtel(callee) || callee.Pkg().Path() == "log/slog" {
			continue
		}
		sig := callee.Type().(*types.Signature)
		if sig.Recv() != nil && sig.Results().Len() == 0 {
			return true
		}
	}
	return false
}

// paramLeaks reports whether the i-th parameter of fn, a function of the
// package, leaves it.
func (r *spanRule) paramLeaks(fn *types.Func, i int) bool {
	k := paramKey{fn, i}
	if leaks, ok := r.leaky[k]; ok {
		return leaks
	}
	r.leaky[k] = false
	param, _ := argParam(fn, i)
	if param == nil || param.Name() == "" || param.Name() == "_" {
		return false
	}
	fd := r.decls[fn]
	leaks := r.contextLeaves(fd, fd.Body, param)
	r.leaky[k] = leaks
	return leaks
}

// argParam returns the parameter of fn that receives its i-th argument,
// and whether that is the variadic one; nil when there is none.
func argParam(fn *types.Func, i int) (*types.Var, bool) {
	sig := fn.Type().(*types.Signature)
	params := sig.Params()
	variadic := sig.Variadic() && i >= params.Len()-1
	if variadic {
		i = params.Len() - 1
	}
	if i >= params.Len() {
		return nil, false
	}
	return params.At(i), variadic
}

// carries reports whether the value of e may hold a held context.
func (fl *contextFlow) carries(e ast.Expr) bool {
	info := fl.r.info
	switch e := e.(type) {
	case *ast.Ident:
		v, ok := info.ObjectOf(e).(*types.Var)
		return ok && fl.holders[v]
	case *ast.ParenExpr:
		return fl.carries(e.X)
	case *ast.StarExpr:
		return fl.carries(e.X)
	case *ast.UnaryExpr:
		return e.Op == token.AND && fl.carries(e.X)
	case *ast.SelectorExpr, *ast.IndexExpr, *ast.TypeAssertExpr, *ast.SliceExpr:
		return holds(info.TypeOf(e)) && fl.carries(innerOperand(e))
	case *ast.KeyValueExpr:
		return fl.carries(e.Value)
	case *ast.CompositeLit:
		return slices.ContainsFunc(e.Elts, fl.carries)
	case *ast.FuncLit:
		return fl.refersToHolder(e.Body)
	case *ast.CallExpr:
		return fl.callCarries(e)
	}
	return false
}

func innerOperand(e ast.Expr) ast.Expr {
	switch e := e.(type) {
	case *ast.SelectorExpr:
		return e.X
	case *ast.IndexExpr:
		return e.X
	case *ast.TypeAssertExpr:
		return e.X
	case *ast.SliceExpr:
		return e.X
	}
	return nil
}

// callCarries reports whether a call's result may hold a context its
// arguments (or receiver) hold: context.WithValue(ctx, …),
// req.WithContext(ctx), append(list, ctx), a closure over one.
func (fl *contextFlow) callCarries(call *ast.CallExpr) bool {
	info := fl.r.info
	if tv, ok := info.Types[call]; !ok || !holdsAny(tv.Type) {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && info.Selections[sel] != nil && fl.carries(sel.X) {
		return true
	}
	return fl.carries(call.Fun) || slices.ContainsFunc(call.Args, fl.carries)
}

func (fl *contextFlow) refersToHolder(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && fl.carries(id) {
			found = true
		}
		return !found
	})
	return found
}

// holds reports whether a value of type t can hold a context: a context,
// a type with a Context() method or a field that can hold one, a pointer,
// slice, array, map or channel of those, a function (a closure) or an
// empty interface. A value of any other type derived from a context (the
// result of a query run with it, say) does not keep it.
func holds(t types.Type) bool {
	return holdsIn(t, make(map[types.Type]bool))
}

func holdsIn(t types.Type, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	if _, ok := t.(*types.TypeParam); ok {
		return false // generic code rarely keeps a context it is given
	}
	if ctxspan.IsContext(t) || hasContextMethod(t) {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Struct:
		for f := range u.Fields() {
			if holdsIn(f.Type(), seen) {
				return true
			}
		}
	case *types.Pointer:
		return holdsIn(u.Elem(), seen)
	case *types.Slice:
		return holdsIn(u.Elem(), seen)
	case *types.Array:
		return holdsIn(u.Elem(), seen)
	case *types.Chan:
		return holdsIn(u.Elem(), seen)
	case *types.Map:
		return holdsIn(u.Key(), seen) || holdsIn(u.Elem(), seen)
	case *types.Signature:
		return true
	case *types.Interface:
		return u.Empty()
	}
	return false
}

func hasContextMethod(t types.Type) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Context")
	m, ok := obj.(*types.Func)
	if !ok {
		return false
	}
	sig := m.Type().(*types.Signature)
	return sig.Params().Len() == 0 && sig.Results().Len() == 1 && ctxspan.IsContext(sig.Results().At(0).Type())
}

// holdsAny is holds for a call's type, which may be a tuple.
func holdsAny(t types.Type) bool {
	tuple, ok := t.(*types.Tuple)
	if !ok {
		return holds(t)
	}
	for v := range tuple.Variables() {
		if holds(v.Type()) {
			return true
		}
	}
	return false
}

func isNil(info *types.Info, e ast.Expr) bool {
	return info.Types[e].IsNil()
}
