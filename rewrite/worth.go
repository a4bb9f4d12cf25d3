package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// spanRule decides which context-taking code gets a span by default: a
// function that does work worth timing (it launches a goroutine it gives a
// context, sends or receives on a channel outside a polling select, waits,
// or passes a context to a call that can fail or to a function of its
// package that gets a span by this rule) and whose context never leaves it. A loop item gets a span when its processing
// does such work or when the item carries its own context.
type spanRule struct {
	info  *types.Info
	decls map[*types.Func]*ast.FuncDecl
	// works holds the package's functions that do work, directly or
	// through another function of the package.
	works map[*types.Func]bool
	// leaky memoises paramLeaks; a parameter being analysed counts as not
	// leaking, so recursion ends.
	leaky map[paramKey]bool
	// nilOK memoises nilTolerant, serving funcServes, the same way.
	nilOK   map[paramKey]bool
	serving map[*types.Func]bool
	// chanSource maps each channel variable assigned the result of one
	// call (in, err := sub.Subscribe(ctx, topic)) to that call.
	chanSource map[*types.Var]*ast.CallExpr
	// carries reports whether items sent on a channel carry a context on
	// (in envelopes, or in themselves).
	carries func(ch ast.Expr) bool
}

type paramKey struct {
	fn *types.Func
	i  int
}

func newSpanRule(info *types.Info, files []*ast.File, carries func(ch ast.Expr) bool) *spanRule {
	r := &spanRule{info: info, carries: carries, decls: make(map[*types.Func]*ast.FuncDecl), works: make(map[*types.Func]bool), leaky: make(map[paramKey]bool),
		nilOK: make(map[paramKey]bool), serving: make(map[*types.Func]bool), chanSource: make(map[*types.Var]*ast.CallExpr)}
	for _, af := range files {
		for _, decl := range af.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					r.decls[fn] = fd
				}
			}
		}
		ast.Inspect(af, r.noteChanSource)
	}
	r.findWorks()
	return r
}

// findWorks computes works as a least fixpoint: a function works when it
// does work itself or calls, with a context, one that works.
func (r *spanRule) findWorks() {
	calls := make(map[*types.Func][]*types.Func)
	for fn, fd := range r.decls {
		local, callees := r.scanWork(fd.Body, nil)
		if local {
			r.works[fn] = true
		}
		calls[fn] = callees
	}
	for changed := true; changed; {
		changed = false
		for fn, callees := range calls {
			if r.works[fn] {
				continue
			}
			for _, c := range callees {
				if r.works[c] {
					r.works[fn], changed = true, true
					break
				}
			}
		}
	}
}

// doesWork reports whether n does work worth a span.
func (r *spanRule) doesWork(n ast.Node) bool {
	return r.doesWorkSending(n, nil)
}

// itemWorks reports whether processing an item in body does work worth a
// span of its own. Forwarding the item counts only on a channel that
// carries contexts (carries reports which): elsewhere the item span's
// context goes nowhere, and a span around a plain forward (a decorator's
// transform-and-send) only costs.
func (r *spanRule) itemWorks(body ast.Node) bool {
	return r.doesWorkSending(body, func(s *ast.SendStmt) bool { return r.carries(s.Chan) })
}

// doesWorkSending is doesWork where sends count only when sendCounts says
// so (all of them when it is nil).
func (r *spanRule) doesWorkSending(n ast.Node, sendCounts func(*ast.SendStmt) bool) bool {
	local, callees := r.scanWork(n, sendCounts)
	if local {
		return true
	}
	for _, c := range callees {
		if r.works[c] {
			return true
		}
	}
	return false
}

// scanWork reports whether n does work by itself, and lists the functions
// of the package n passes a context to, whose work counts too. A select
// with a default case polls and does not block: only its clauses' bodies
// count. A send counts when sendCounts (nil: always) says so.
func (r *spanRule) scanWork(n ast.Node, sendCounts func(*ast.SendStmt) bool) (bool, []*types.Func) {
	local := false
	var callees []*types.Func
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectStmt:
			if !polls(n) {
				local = true
				break
			}
			for _, clause := range n.Body.List {
				for _, stmt := range clause.(*ast.CommClause).Body {
					ast.Inspect(stmt, visit)
				}
			}
			return false
		case *ast.GoStmt:
			// What a goroutine does that is not given the context is no
			// part of the span's work.
			local = local || r.goGetsContext(n)
			return false
		case *ast.SendStmt:
			local = local || sendCounts == nil || sendCounts(n)
		case *ast.UnaryExpr:
			local = local || n.Op == token.ARROW
		case *ast.RangeStmt:
			_, isChan := r.info.TypeOf(n.X).Underlying().(*types.Chan)
			local = local || isChan
		case *ast.CallExpr:
			fn := ctxspan.Callee(r.info, n)
			if r.waits(fn) {
				local = true
			} else if r.passesContext(n) && !isContextOrOtel(fn) {
				if _, ours := r.decls[fn]; ours {
					callees = append(callees, fn)
				} else if r.canFail(n) {
					local = true
				}
			}
		}
		return !local
	}
	ast.Inspect(n, visit)
	return local, callees
}

// goGetsContext reports whether the goroutine gs starts is given a
// context: as an argument, by a literal that uses one, or through sends
// that carry contexts on (which the rewrite fills in from the context in
// scope).
func (r *spanRule) goGetsContext(gs *ast.GoStmt) bool {
	if slices.ContainsFunc(gs.Call.Args, func(e ast.Expr) bool { return ctxspan.IsContext(r.info.TypeOf(e)) }) {
		return true
	}
	lit, ok := ast.Unparen(gs.Call.Fun).(*ast.FuncLit)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			found = found || ctxspan.IsContext(r.info.TypeOf(n))
		case *ast.SendStmt:
			found = found || r.carries(n.Chan)
		}
		return !found
	})
	return found
}

// polls reports whether a select has a default case.
func polls(s *ast.SelectStmt) bool {
	for _, clause := range s.Body.List {
		if clause.(*ast.CommClause).Comm == nil {
			return true
		}
	}
	return false
}

// waits reports whether fn blocks until something else happens.
func (r *spanRule) waits(fn *types.Func) bool {
	return ctxspan.IsFunc(fn, "time", "Sleep") ||
		ctxspan.IsMethod(fn, "sync", "WaitGroup", "Wait") ||
		ctxspan.IsMethod(fn, "golang.org/x/sync/errgroup", "Group", "Wait") ||
		ctxspan.IsMethod(fn, "sync", "Cond", "Wait")
}

// passesContext reports whether call is given a context, or an HTTP
// request, which carries one.
func (r *spanRule) passesContext(call *ast.CallExpr) bool {
	for _, arg := range call.Args {
		if t := r.info.TypeOf(arg); ctxspan.IsContext(t) || ctxspan.IsHTTPRequestPtr(t) {
			return true
		}
	}
	return false
}

// canFail reports whether call's last result is an error: a function that
// takes a context and can fail is doing I/O or waiting, where one that
// cannot is, as a rule, an accessor.
func (r *spanRule) canFail(call *ast.CallExpr) bool {
	sig, ok := r.info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok || sig.Results().Len() == 0 {
		return false
	}
	last := sig.Results().At(sig.Results().Len() - 1).Type()
	return types.Identical(last, types.Universe.Lookup("error").Type())
}

// isContextOrOtel reports whether fn belongs to the context package or to
// OpenTelemetry, whose calls with a context derive or read it.
func isContextOrOtel(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	path := fn.Pkg().Path()
	return path == ctxspan.ContextPkg || path == "go.opentelemetry.io/otel" || strings.HasPrefix(path, "go.opentelemetry.io/otel/")
}

// goroutineWorth reports whether a goroutine running fn (nil for a
// function value) deserves a span of its own: only when it is given the
// context, which carries the span into its work (a span whose context
// reaches nothing measures only how long the goroutine ran, and costs
// once per goroutine: watermill starts one per message delivered). Of a
// function of another package, or a function value, that is all that is
// known; go srv.Serve(l) may run as long as the program.
func (r *spanRule) goroutineWorth(fn *types.Func, takesCtx, all bool) bool {
	fd, ours := r.decls[fn]
	if !ours {
		return all || takesCtx
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() > 0 && ctxspan.IsContext(sig.Params().At(0).Type()) && r.paramLeaks(fn, 0) {
		return false
	}
	return all || takesCtx && !r.serves(fd.Body) && !r.watchesDone(fd.Body) && r.works[fn]
}
