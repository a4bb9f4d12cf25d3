package spanend

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

const foreignEndMessage = "span from trace.SpanFromContext belongs to the caller, who started it: do not end it here, end only spans this function starts"

// checkForeignEnds reports End calls on spans obtained with
// trace.SpanFromContext from a context that carries the caller's span: a
// context.Context or *http.Request parameter, or a local derived only from
// those. A context that a span start (or trace.ContextWithSpan) in the
// same function produced, or may have produced, carries a span the
// function owns and is not reported.
func (c *checker) checkForeignEnds(top ast.Node, parents *parentIndex) {
	info := c.pass.TypesInfo
	callers := ctxspan.NewCallerContexts(info, top)
	if callers.Empty() {
		return
	}
	fc := &foreignContexts{
		info:     info,
		parents:  parents,
		assigned: make(map[*types.Var][]ast.Expr),
		requests: make(map[*types.Var]bool),
		foreign:  make(map[*types.Var]bool),
	}
	fc.collect(top, callers)
	fc.settle()

	// Span variables every assignment of which is SpanFromContext of a
	// foreign context.
	foreignSpans := make(map[*types.Var]bool)
	for v, sources := range fc.assigned {
		if !ctxspan.IsSpan(v.Type()) || len(sources) == 0 || v.Pos() < top.Pos() || v.Pos() >= top.End() {
			continue
		}
		all := true
		for _, src := range sources {
			all = all && fc.isForeignSpanCall(src)
		}
		foreignSpans[v] = all
	}

	ast.Inspect(top, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "End" {
			return true
		}
		if tv, ok := info.Types[sel.X]; !ok || !ctxspan.IsSpan(tv.Type) {
			return true
		}
		recv := ast.Unparen(sel.X)
		foreign := fc.isForeignSpanCall(recv)
		if id, ok := recv.(*ast.Ident); ok {
			v, _ := info.Uses[id].(*types.Var)
			foreign = v != nil && foreignSpans[v]
		}
		if foreign && endsOnReturn(call, parents) && !c.endHookOfPair(top) {
			c.report.Report(analysis.Diagnostic{Pos: call.Pos(), End: call.End(), Message: foreignEndMessage})
		}
		return true
	})
}

// endsOnReturn reports whether the End call runs whenever its function
// returns: it is deferred, or not inside any branch or loop. That is the
// mistake of ending the caller's span when this function is done. An End
// guarded by a condition (a gRPC stats handler's HandleRPC ending the span
// its TagRPC started, on *stats.End) is the owner's own protocol, split
// across callbacks, and is left alone.
func endsOnReturn(call *ast.CallExpr, parents *parentIndex) bool {
	for n := parents.of(ast.Node(call)); n != nil; n = parents.of(n) {
		switch n := n.(type) {
		case *ast.DeferStmt:
			return true
		case *ast.FuncLit:
			// defer func() { span.End() }() ends it on return too.
			deferred, ok := parents.of(parents.of(n)).(*ast.DeferStmt)
			return ok && deferred.Call.Fun == n
		case *ast.FuncDecl:
			return true
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt,
			*ast.ForStmt, *ast.RangeStmt:
			return false
		}
	}
	return true
}

// foreignContexts works out which context variables of one outermost
// function hold the caller's context and nothing the function added a span
// to. It is flow-insensitive: one assignment from elsewhere disqualifies.
type foreignContexts struct {
	info    *types.Info
	parents *parentIndex
	// assigned maps context and span variables to the expressions
	// assigned to them; a nil expression stands for an unknown source.
	assigned map[*types.Var][]ast.Expr
	// requests are *http.Request parameters, never reassigned, of
	// functions that are not invoked on the spot.
	requests map[*types.Var]bool
	foreign  map[*types.Var]bool
}

func (fc *foreignContexts) collect(top ast.Node, callers *ctxspan.CallerContexts) {
	invokedParams := make(map[*types.Var]bool)
	ast.Inspect(top, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fc.addParams(n.Type.Params, nil)
		case *ast.FuncLit:
			// A literal called on the spot (go func(ctx){...}(ctx)) gets
			// whatever context its call passes, maybe one with a span the
			// function started: its parameters are not the caller's.
			if fc.invokedHere(n) {
				fc.addParams(n.Type.Params, invokedParams)
			} else {
				fc.addParams(n.Type.Params, nil)
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				var src ast.Expr
				switch {
				case len(n.Lhs) == len(n.Rhs):
					src = n.Rhs[i]
				case len(n.Rhs) == 1:
					src = n.Rhs[0]
				}
				fc.addAssignment(lhs, src)
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				switch {
				case len(n.Values) == len(n.Names):
					fc.addAssignment(name, n.Values[i])
				case len(n.Values) == 1:
					fc.addAssignment(name, n.Values[0])
				case len(n.Values) == 0: // zero value: no span, no context
				}
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				fc.addAssignment(n.Key, nil)
			}
			if n.Value != nil {
				fc.addAssignment(n.Value, nil)
			}
		case *ast.UnaryExpr:
			if id := identOf(n.X); id != nil && n.Op == token.AND {
				fc.addAssignment(id, nil) // may be written through the pointer
			}
		}
		return true
	})
	for r := range fc.requests {
		if len(fc.assigned[r]) > 0 || invokedParams[r] {
			delete(fc.requests, r)
		}
	}
	for v := range fc.assigned {
		if ctxspan.IsContext(v.Type()) && callers.IsCallerContext(v) && !invokedParams[v] {
			fc.foreign[v] = true
		}
	}
	// Parameters that are never assigned.
	ast.Inspect(top, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := fc.info.Defs[id].(*types.Var); ok && ctxspan.IsContext(v.Type()) &&
				callers.IsCallerContext(v) && !invokedParams[v] && fc.isParam(id) {
				fc.foreign[v] = true
			}
		}
		return true
	})
}

// addParams records the *http.Request parameters in params, or, when into
// is not nil, records all parameters there.
func (fc *foreignContexts) addParams(params *ast.FieldList, into map[*types.Var]bool) {
	if params == nil {
		return
	}
	for _, field := range params.List {
		for _, name := range field.Names {
			v, ok := fc.info.Defs[name].(*types.Var)
			switch {
			case !ok:
			case into != nil:
				into[v] = true
			case ctxspan.IsHTTPRequestPtr(v.Type()):
				fc.requests[v] = true
			}
		}
	}
}

func (fc *foreignContexts) addAssignment(lhs ast.Expr, src ast.Expr) {
	id := identOf(lhs)
	if id == nil || id.Name == "_" {
		return
	}
	v, ok := fc.info.ObjectOf(id).(*types.Var)
	if !ok {
		return
	}
	if ctxspan.IsContext(v.Type()) || ctxspan.IsSpan(v.Type()) || ctxspan.IsHTTPRequestPtr(v.Type()) {
		fc.assigned[v] = append(fc.assigned[v], src)
	}
}

func (fc *foreignContexts) isParam(id *ast.Ident) bool {
	field, ok := fc.parents.of(id).(*ast.Field)
	if !ok {
		return false
	}
	list, ok := fc.parents.of(field).(*ast.FieldList)
	if !ok {
		return false
	}
	ft, ok := fc.parents.of(list).(*ast.FuncType)
	return ok && ft.Params == list
}

// invokedHere reports whether lit is called where it is written.
func (fc *foreignContexts) invokedHere(lit *ast.FuncLit) bool {
	var child ast.Node = lit
	parent := fc.parents.of(lit)
	for {
		p, ok := parent.(*ast.ParenExpr)
		if !ok {
			break
		}
		child, parent = p, fc.parents.of(p)
	}
	call, ok := parent.(*ast.CallExpr)
	return ok && call.Fun == child
}

// settle removes, until nothing changes, every context variable with an
// assignment that is not derived from a foreign context alone.
func (fc *foreignContexts) settle() {
	for changed := true; changed; {
		changed = false
		for v := range fc.foreign {
			for _, src := range fc.assigned[v] {
				if !fc.derivedFromForeign(src) {
					delete(fc.foreign, v)
					changed = true
					break
				}
			}
		}
	}
}

// derivedFromForeign reports whether e computes a context from a foreign
// one in a way known not to add a span: the foreign context itself,
// r.Context() of a foreign request, or a call of a function of package
// context (WithCancel, WithTimeout, WithValue, ...) given a foreign context.
// Any other call, a wrapper returning a context say, may have started a span.
func (fc *foreignContexts) derivedFromForeign(e ast.Expr) bool {
	if e == nil {
		return false
	}
	if fc.isForeignContext(e) {
		return true
	}
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := ctxspan.Callee(fc.info, call)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != ctxspan.ContextPkg {
		return false
	}
	for _, arg := range call.Args {
		if fc.isForeignContext(arg) {
			return true
		}
	}
	return false
}

// isForeignContext reports whether e is a foreign context variable or
// r.Context() of a foreign request.
func (fc *foreignContexts) isForeignContext(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := fc.info.Uses[e].(*types.Var)
		return ok && fc.foreign[v]
	case *ast.CallExpr:
		sel, ok := ast.Unparen(e.Fun).(*ast.SelectorExpr)
		if !ok || !ctxspan.IsMethod(ctxspan.Callee(fc.info, e), ctxspan.HTTPPkg, "Request", "Context") {
			return false
		}
		id := identOf(sel.X)
		if id == nil {
			return false
		}
		v, ok := fc.info.Uses[id].(*types.Var)
		return ok && fc.requests[v]
	}
	return false
}

// isForeignSpanCall reports whether e is trace.SpanFromContext of a
// foreign context.
func (fc *foreignContexts) isForeignSpanCall(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok && len(call.Args) == 1 && ctxspan.IsSpanFromContext(fc.info, call) && fc.isForeignContext(call.Args[0])
}
