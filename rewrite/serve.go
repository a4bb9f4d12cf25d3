package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// serviceLoop reports whether body runs, at its top level, a loop with no
// condition that receives values from a channel (x := <-ch, case x := <-ch)
// or a range over a channel kept in a struct field or received from
// another package (see isSubscription): a goroutine or function that lives
// as long as what it serves, whose span would never end. Its items get spans of their own instead. A loop that only waits
// for signals (case <-ctx.Done(), case <-ticker.C) is a wait, which ends,
// and keeps the span; so is a range over a channel a pipeline passes along.
func (r *spanRule) serviceLoop(body *ast.BlockStmt) bool {
	for _, stmt := range body.List {
		if l, ok := stmt.(*ast.LabeledStmt); ok {
			stmt = l.Stmt
		}
		switch loop := stmt.(type) {
		case *ast.ForStmt:
			if loop.Cond == nil && receivesValues(loop.Body) {
				return true
			}
		case *ast.RangeStmt:
			if r.isFieldChan(loop.X) || r.isSubscription(loop.X) {
				return true
			}
		}
	}
	return false
}

// isFieldChan reports whether e reads a channel from a struct field: a
// channel that lives as long as its object, not one a pipeline closes
// when a request is done.
func (r *spanRule) isFieldChan(e ast.Expr) bool {
	sel, ok := ast.Unparen(e).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	s := r.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return false
	}
	_, isChan := s.Type().Underlying().(*types.Chan)
	return isChan
}

// noteChanSource records, for an assignment of one call's results, the
// call as the source of each channel variable it assigns.
func (r *spanRule) noteChanSource(n ast.Node) bool {
	var lhs []ast.Expr
	var rhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs, rhs = n.Lhs, n.Rhs
	case *ast.ValueSpec:
		for _, id := range n.Names {
			lhs = append(lhs, id)
		}
		rhs = n.Values
	default:
		return true
	}
	call, ok := singleCall(rhs)
	if !ok {
		return true
	}
	for _, l := range lhs {
		if id, ok := l.(*ast.Ident); ok {
			if v, ok := r.info.ObjectOf(id).(*types.Var); ok {
				if _, isChan := v.Type().Underlying().(*types.Chan); isChan {
					r.chanSource[v] = call
				}
			}
		}
	}
	return true
}

func singleCall(rhs []ast.Expr) (*ast.CallExpr, bool) {
	if len(rhs) != 1 {
		return nil, false
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	return call, ok
}

// isSubscription reports whether e is a channel that a function of another
// package or an interface method returned (in, err := sub.Subscribe(ctx,
// topic); time.Tick(d)), directly or through a variable: how long it stays
// open is up to its source, as with a subscription. One that a function of
// the package returns (a pipeline stage) is not.
func (r *spanRule) isSubscription(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		id, isIdent := ast.Unparen(e).(*ast.Ident)
		if !isIdent {
			return false
		}
		v, isVar := r.info.ObjectOf(id).(*types.Var)
		if !isVar || r.chanSource[v] == nil {
			return false
		}
		call = r.chanSource[v]
	}
	fn := ctxspan.Callee(r.info, call)
	_, ours := r.decls[fn]
	return fn != nil && !ours
}

// serves reports whether body runs a service loop, itself or through a
// function of the package it calls (outside function literals, so on its
// own goroutine): either way it lives as long as what it serves.
func (r *spanRule) serves(body *ast.BlockStmt) bool {
	if r.serviceLoop(body) {
		return true
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if fn := ctxspan.Callee(r.info, n); fn != nil {
				found = found || r.funcServes(fn)
			}
		}
		return !found
	})
	return found
}

// funcServes is serves for a function of the package; a function being
// asked about counts as not serving, so recursion ends.
func (r *spanRule) funcServes(fn *types.Func) bool {
	fd, ours := r.decls[fn]
	if !ours {
		return false
	}
	if s, ok := r.serving[fn]; ok {
		return s
	}
	r.serving[fn] = false
	s := r.serves(fd.Body)
	r.serving[fn] = s
	return s
}

// receivesValues reports whether n, outside function literals, assigns a
// value received from a channel to a variable.
func receivesValues(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				recv, ok := ast.Unparen(n.Rhs[0]).(*ast.UnaryExpr)
				found = found || ok && recv.Op == token.ARROW && slices.ContainsFunc(n.Lhs, isNamed)
			}
		}
		return !found
	})
	return found
}

func isNamed(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name != "_"
}

// launchesService reports whether a go statement's call runs a service
// loop: a literal whose body is one, or a function of the package.
func (r *spanRule) launchesService(call *ast.CallExpr) bool {
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		return r.serves(lit.Body)
	}
	return r.funcServes(ctxspan.Callee(r.info, call))
}

// watchesDone reports whether body starts by waiting for a context to
// end: <-ctx.Done(), or a select whose cases only receive, with nothing to
// do, one of them from a context's Done. A goroutine that does (the
// cleanup that runs when a subscription's context ends) lives as long as
// that context, so a span of its own would only measure, or never end
// with, the context. A function called to wait so is a caller's wait, and
// keeps its span.
func (r *spanRule) watchesDone(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	switch s := body.List[0].(type) {
	case *ast.ExprStmt:
		return r.isDoneReceive(s.X)
	case *ast.SelectStmt:
		done := false
		for _, c := range s.Body.List {
			cc := c.(*ast.CommClause)
			es, ok := cc.Comm.(*ast.ExprStmt)
			if !ok || len(cc.Body) > 0 {
				return false
			}
			recv, ok := ast.Unparen(es.X).(*ast.UnaryExpr)
			if !ok || recv.Op != token.ARROW {
				return false
			}
			done = done || r.isDoneReceive(es.X)
		}
		return done
	}
	return false
}

// isDoneReceive reports whether e is <-c.Done() for a context c.
func (r *spanRule) isDoneReceive(e ast.Expr) bool {
	recv, ok := ast.Unparen(e).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return false
	}
	call, ok := ast.Unparen(recv.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Done" && ctxspan.IsContext(r.info.TypeOf(sel.X))
}
