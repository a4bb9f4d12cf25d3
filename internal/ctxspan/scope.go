package ctxspan

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// CallerContexts knows which variables of one function (a declaration or a
// top-level literal, together with the literals nested in it) carry the
// caller's context: context.Context parameters, the *http.Request
// parameter of a function that serves it (one with an http.ResponseWriter
// parameter), and locals derived from either. A local rooted in context.Background()
// is not a caller's context, so main's shutdown contexts do not count.
type CallerContexts struct {
	scope    *types.Scope
	contexts map[*types.Var]bool
	requests map[*types.Var]bool
	// ignoring holds the scopes of nested functions that declare a
	// context parameter without a name (or as _): they ignore their
	// caller's context on purpose, and an enclosing function's context
	// is not theirs to use either.
	ignoring map[*types.Scope]bool
	// cancelled records where a derived context's cancel function is
	// called as a statement: from there to the end of that block the
	// context is done, and no code there should be given it.
	cancelled []cancelCall
}

// A cancelCall is a statement cancel() that ends ctx's life from its end
// to the end of the enclosing block.
type cancelCall struct {
	ctx           *types.Var
	from, blockTo token.Pos
}

// A Visible is a caller's context that code at some position can use.
type Visible struct {
	Var *types.Var
	// Expr is the Go expression for the context: the variable's name, or
	// "r.Context()" for an *http.Request parameter r.
	Expr string
}

// NewCallerContexts collects the caller contexts of fn, which must be a
// *ast.FuncDecl with a body or a *ast.FuncLit.
func NewCallerContexts(info *types.Info, fn ast.Node) *CallerContexts {
	cc := &CallerContexts{
		contexts: make(map[*types.Var]bool),
		requests: make(map[*types.Var]bool),
		ignoring: make(map[*types.Scope]bool),
	}
	if ft := funcType(fn); ft != nil {
		cc.scope = info.Scopes[ft]
	}
	var derivations []derivation
	var lits []*ast.FuncLit
	var blocks []*ast.BlockStmt
	cancels := make(map[*types.Var]*types.Var) // cancel func -> its context
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			lits = append(lits, n)
		case *ast.BlockStmt:
			blocks = append(blocks, n)
		case *ast.FuncType:
			cc.addParams(info, n.Params)
			if n != funcType(fn) && ignoresContext(info, n.Params) {
				if scope := info.Scopes[n]; scope != nil {
					cc.ignoring[scope] = true
				}
			}
		case *ast.AssignStmt:
			derivations = appendDerivations(info, derivations, n.Lhs, n.Rhs)
			recordCancelFunc(info, cancels, n.Lhs, n.Rhs)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, name := range n.Names {
				lhs[i] = name
			}
			derivations = appendDerivations(info, derivations, lhs, n.Values)
		}
		return true
	})
	cc.derive(info, withoutCapturedStores(derivations, lits))
	cc.cancelled = cancelCalls(info, blocks, cancels)
	return cc
}

// withoutCapturedStores drops derivations made inside a function literal
// that does not declare the variable: a callback storing its own context
// in a captured variable ("var got context.Context" then "got = ctx" in a
// hook) gives code outside the callback a value it may not hold yet, and
// one that is not that code's caller's context.
func withoutCapturedStores(ds []derivation, lits []*ast.FuncLit) []derivation {
	return slices.DeleteFunc(ds, func(d derivation) bool {
		return slices.ContainsFunc(lits, func(lit *ast.FuncLit) bool {
			inside := func(p token.Pos) bool { return lit.Pos() <= p && p < lit.End() }
			return inside(d.from.Pos()) && !inside(d.v.Pos())
		})
	})
}

// recordCancelFunc notes, for "ctx, cancel := context.WithCancel(...)"
// (or WithTimeout, WithDeadline and their Cause forms), which context the
// cancel function ends.
func recordCancelFunc(info *types.Info, cancels map[*types.Var]*types.Var, lhs, rhs []ast.Expr) {
	if len(lhs) != 2 || len(rhs) != 1 {
		return
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok {
		return
	}
	if fn := Callee(info, call); fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != ContextPkg {
		return
	}
	ctxID, ok1 := ast.Unparen(lhs[0]).(*ast.Ident)
	cancelID, ok2 := ast.Unparen(lhs[1]).(*ast.Ident)
	if !ok1 || !ok2 {
		return
	}
	ctx, ok1 := info.ObjectOf(ctxID).(*types.Var)
	cancel, ok2 := info.ObjectOf(cancelID).(*types.Var)
	if ok1 && ok2 {
		cancels[cancel] = ctx
	}
}

// cancelCalls finds the statements "cancel()" of the recorded cancel
// functions, each with the block it ends its context in.
func cancelCalls(info *types.Info, blocks []*ast.BlockStmt, cancels map[*types.Var]*types.Var) []cancelCall {
	var calls []cancelCall
	for _, block := range blocks {
		for _, stmt := range block.List {
			es, ok := stmt.(*ast.ExprStmt)
			if !ok {
				continue
			}
			call, ok := es.X.(*ast.CallExpr)
			if !ok || len(call.Args) != 0 {
				continue
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok {
				continue
			}
			if v, ok := info.Uses[id].(*types.Var); ok && cancels[v] != nil {
				calls = append(calls, cancelCall{ctx: cancels[v], from: es.End(), blockTo: block.End()})
			}
		}
	}
	return calls
}

// cancelledAt reports whether v's cancel function has already been called
// on the way to pos, in a block that encloses pos.
func (cc *CallerContexts) cancelledAt(v *types.Var, pos token.Pos) bool {
	for _, c := range cc.cancelled {
		if c.ctx == v && v.Pos() < c.from && c.from <= pos && pos < c.blockTo {
			return true
		}
	}
	return false
}

// funcType returns the type of fn, a *ast.FuncDecl or *ast.FuncLit.
func funcType(fn ast.Node) *ast.FuncType {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Type
	case *ast.FuncLit:
		return fn.Type
	}
	return nil
}

// ignoresContext reports whether params declare a context.Context
// without a name, or named _.
func ignoresContext(info *types.Info, params *ast.FieldList) bool {
	if params == nil {
		return false
	}
	for _, field := range params.List {
		if tv, ok := info.Types[field.Type]; !ok || !IsContext(tv.Type) {
			continue
		}
		if len(field.Names) == 0 {
			return true
		}
		for _, name := range field.Names {
			if name.Name == "_" {
				return true
			}
		}
	}
	return false
}

func (cc *CallerContexts) addParams(info *types.Info, params *ast.FieldList) {
	if params == nil {
		return
	}
	serves := ServesRequest(info, params)
	for _, field := range params.List {
		for _, name := range field.Names {
			v, ok := info.Defs[name].(*types.Var)
			if !ok || name.Name == "_" {
				continue
			}
			if IsContext(v.Type()) {
				cc.contexts[v] = true
			} else if serves && IsHTTPRequestPtr(v.Type()) {
				cc.requests[v] = true
			}
		}
	}
}

// ServesRequest reports whether a parameter list has an http.ResponseWriter:
// only a function that answers a request owns that request's context. A
// function that merely inspects a request (a test comparing requests, a
// logger) does not, and code there that builds other requests is not
// dropping anything.
func ServesRequest(info *types.Info, params *ast.FieldList) bool {
	for _, field := range params.List {
		if tv, ok := info.Types[field.Type]; ok && isNamed(tv.Type, HTTPPkg, "ResponseWriter") {
			return true
		}
	}
	return false
}

// A derivation records that a context variable is assigned from an expression.
type derivation struct {
	v    *types.Var
	from ast.Expr
}

func appendDerivations(info *types.Info, ds []derivation, lhs, rhs []ast.Expr) []derivation {
	for i, l := range lhs {
		id, ok := ast.Unparen(l).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		if !ok || !IsContext(v.Type()) {
			continue
		}
		switch {
		case len(rhs) == len(lhs):
			ds = append(ds, derivation{v, rhs[i]})
		case len(rhs) == 1: // v, x := f(...)
			ds = append(ds, derivation{v, rhs[0]})
		}
	}
	return ds
}

// derive marks every context variable assigned from an expression that
// mentions a caller context, until nothing changes.
func (cc *CallerContexts) derive(info *types.Info, ds []derivation) {
	for changed := true; changed; {
		changed = false
		for _, d := range ds {
			if !cc.contexts[d.v] && cc.mentionsCaller(info, d.from) {
				cc.contexts[d.v] = true
				changed = true
			}
		}
	}
}

func (cc *CallerContexts) mentionsCaller(info *types.Info, e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok && (cc.contexts[v] || cc.requests[v]) {
				found = true
			}
		}
		return !found
	})
	return found
}

// IsCallerContext reports whether v carries the caller's context.
func (cc *CallerContexts) IsCallerContext(v *types.Var) bool { return cc.contexts[v] }

// Empty reports whether the function has no caller context at all.
func (cc *CallerContexts) Empty() bool { return len(cc.contexts) == 0 && len(cc.requests) == 0 }

// At returns the caller context that code at pos should use: the most
// recently declared context variable that is in scope, not shadowed and
// not already cancelled by its own cancel(), else an *http.Request
// parameter's Context().
func (cc *CallerContexts) At(pos token.Pos) (Visible, bool) {
	if cc.scope == nil || cc.Empty() {
		return Visible{}, false
	}
	inner := cc.scope.Innermost(pos)
	if inner == nil {
		return Visible{}, false
	}
	visible := func(v *types.Var) bool {
		if _, obj := inner.LookupParent(v.Name(), pos); obj != v {
			return false
		}
		for s := inner; s != nil && s != v.Parent(); s = s.Parent() {
			if cc.ignoring[s] {
				return false
			}
		}
		return !cc.cancelledAt(v, pos)
	}
	var best *types.Var
	for v := range cc.contexts {
		if visible(v) && (best == nil || v.Pos() > best.Pos()) {
			best = v
		}
	}
	if best != nil {
		return Visible{Var: best, Expr: best.Name()}, true
	}
	for v := range cc.requests {
		if visible(v) && (best == nil || v.Pos() > best.Pos()) {
			best = v
		}
	}
	if best != nil {
		return Visible{Var: best, Expr: best.Name() + ".Context()"}, true
	}
	return Visible{}, false
}
