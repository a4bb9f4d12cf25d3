package ctxdrop

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A spanStart is a statement "newCtx, span := start(old, ...)" that starts
// a span from the context variable old.
type spanStart struct {
	line   int
	old    *types.Var
	newCtx ast.Expr   // the new context's operand, or nil for _
	newVar *types.Var // newCtx's variable, if it is one
	span   *types.Var // nil for _
	// live is where the span is live: from the end of the statement to
	// the first statement after it that may end the span (see
	// mayEndSpan), or else to the end of the block holding the statement.
	live struct{ from, to token.Pos }
}

// blockTypes are the nodes that bound the scope of a variable declared in
// a statement they hold directly (in a statement list or an init statement).
var blockTypes = []ast.Node{
	(*ast.BlockStmt)(nil), (*ast.CaseClause)(nil), (*ast.CommClause)(nil),
	(*ast.IfStmt)(nil), (*ast.ForStmt)(nil), (*ast.SwitchStmt)(nil), (*ast.TypeSwitchStmt)(nil),
}

// checkSpanContexts reports a context variable passed to a call while a
// span started from it is live: the callee should get the span's context.
func (c *funcChecker) checkSpanContexts() {
	starts := c.spanStarts()
	if len(starts) == 0 {
		return
	}
	writes := c.contextWrites()
	reported := make(map[*ast.Ident]bool)
	for _, start := range starts {
		for cur := range c.fn.Preorder((*ast.CallExpr)(nil)) {
			call := cur.Node().(*ast.CallExpr)
			if call.Pos() < start.live.from || call.Pos() >= start.live.to {
				continue
			}
			for _, arg := range c.oldContextArgs(call, start) {
				if reported[arg] || writtenBetween(writes[start.old], start.live.from, arg.Pos()) {
					continue
				}
				reported[arg] = true
				c.reportOldContext(arg, start)
			}
		}
	}
}

// spanStarts finds the span starts whose context variable is not the one
// they started from.
func (c *funcChecker) spanStarts() []*spanStart {
	var starts []*spanStart
	for cur := range c.fn.Preorder((*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)) {
		var lhs, rhs []ast.Expr
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, name := range n.Names {
				lhs = append(lhs, name)
			}
			rhs = n.Values
		}
		if start := c.spanStartOf(lhs, rhs); start != nil && !c.returnsSpan(cur, start) {
			start.line = c.pass.Fset.Position(cur.Node().Pos()).Line
			if c.setLive(cur, start) {
				starts = append(starts, start)
			}
		}
	}
	return starts
}

// returnsSpan reports whether the function holding the start at cur
// returns the span it starts: a span factory builds the span for its
// caller, and the parent context it uses until it returns sets the span
// up (names it, computes its attributes); the work under the span is the
// caller's.
func (c *funcChecker) returnsSpan(cur inspector.Cursor, start *spanStart) bool {
	if start.span == nil {
		return false
	}
	fn := enclosingFunc(cur)
	info := c.pass.TypesInfo
	for ret := range c.fn.Preorder((*ast.ReturnStmt)(nil)) {
		if enclosingFunc(ret) != fn {
			continue
		}
		for _, res := range ret.Node().(*ast.ReturnStmt).Results {
			if id, ok := ast.Unparen(res).(*ast.Ident); ok && info.Uses[id] == start.span {
				return true
			}
		}
	}
	return false
}

// spanStartOf returns the span start that assigns the results of rhs to
// lhs, or nil.
func (c *funcChecker) spanStartOf(lhs, rhs []ast.Expr) *spanStart {
	info := c.pass.TypesInfo
	if len(lhs) != 2 || len(rhs) != 1 {
		return nil
	}
	call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
	if !ok || len(call.Args) == 0 || !ctxspan.IsSpanStart(info, call) {
		return nil
	}
	oldID, ok := ast.Unparen(call.Args[0]).(*ast.Ident)
	if !ok {
		return nil
	}
	old, ok := info.Uses[oldID].(*types.Var)
	if !ok || !ctxspan.IsContext(old.Type()) || !c.declaredInside(old) {
		return nil // a package-level context may be reassigned anywhere
	}
	start := &spanStart{old: old}
	if id, ok := ast.Unparen(lhs[0]).(*ast.Ident); !ok || id.Name != "_" {
		start.newCtx = lhs[0]
		if ok {
			start.newVar, _ = info.ObjectOf(id).(*types.Var)
		}
		if start.newVar == old {
			return nil // ctx, span := tracer.Start(ctx, ...): the idiom
		}
	}
	if id, ok := ast.Unparen(lhs[1]).(*ast.Ident); ok && id.Name != "_" {
		start.span, _ = info.ObjectOf(id).(*types.Var)
	}
	return start
}

// setLive computes where the span started by the statement at cur is live.
// It reports false if the statement is not where the analysis expects it.
func (c *funcChecker) setLive(cur inspector.Cursor, start *spanStart) bool {
	var stmt inspector.Cursor = cur
	if _, ok := cur.Node().(*ast.ValueSpec); ok {
		stmt = cur.Parent().Parent() // ValueSpec -> GenDecl -> DeclStmt
	}
	// The block holding the statement ends the analysis: after it, the new
	// context may be out of scope or, when assigned in a branch, unset.
	var block ast.Node
	for enclosing := range stmt.Parent().Enclosing(blockTypes...) {
		block = enclosing.Node()
		break
	}
	fn := enclosingFunc(stmt)
	if block == nil || fn == nil {
		return false
	}
	start.live.from, start.live.to = stmt.Node().End(), block.End()
	if start.span == nil {
		return true
	}
	for cur := range c.fn.Preorder((*ast.ExprStmt)(nil)) {
		stmt := cur.Node().(*ast.ExprStmt)
		if stmt.Pos() >= start.live.from && stmt.Pos() < start.live.to &&
			c.mayEndSpan(stmt, start.span) && enclosingFunc(cur) == fn {
			start.live.to = stmt.Pos()
			break
		}
	}
	return true
}

// enclosingFunc returns the innermost function declaration or literal
// holding cur. Statements in a nested literal run later, or not at all.
func enclosingFunc(cur inspector.Cursor) ast.Node {
	for fn := range cur.Parent().Enclosing((*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)) {
		return fn.Node()
	}
	return nil
}

// mayEndSpan reports whether stmt is "span.End(...)", or a call that is
// given the span and whose results are unused, such as a helper that
// records an error and ends the span.
func (c *funcChecker) mayEndSpan(stmt *ast.ExprStmt, span *types.Var) bool {
	info := c.pass.TypesInfo
	call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	isSpan := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == span
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "End" && isSpan(sel.X) {
		return true
	}
	return slices.ContainsFunc(call.Args, isSpan)
}

// oldContextArgs returns the arguments of call that pass start's old
// context as a context.Context parameter, unless the call is one that
// legitimately takes the old context.
func (c *funcChecker) oldContextArgs(call *ast.CallExpr, start *spanStart) []*ast.Ident {
	info := c.pass.TypesInfo
	tv, ok := info.Types[call.Fun]
	if !ok || tv.IsType() || tv.IsBuiltin() {
		return nil
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	if takesParentOnPurpose(ctxspan.Callee(info, call)) {
		return nil
	}
	var olds []*ast.Ident
	for i, arg := range call.Args {
		id, ok := ast.Unparen(arg).(*ast.Ident)
		if !ok {
			continue
		}
		switch obj := info.Uses[id]; {
		case start.span != nil && obj == start.span:
			return nil // trace.ContextWithSpan(ctx, span) and the like
		case obj == start.old && ctxspan.IsContext(paramType(sig, i, call.Ellipsis.IsValid())):
			olds = append(olds, id)
		}
	}
	return olds
}

// takesParentOnPurpose reports whether fn is a function that gets nothing
// wrong from the context a span was started from: it detaches from it
// (context.WithoutCancel), reads what the span does not change
// (context.Cause, context.AfterFunc, baggage.FromContext), or looks at the
// parent span (trace.SpanFromContext, trace.SpanContextFromContext).
func takesParentOnPurpose(fn *types.Func) bool {
	switch {
	case fn == nil || fn.Pkg() == nil:
		return false
	case fn.Pkg().Path() == ctxspan.ContextPkg:
		return ctxspan.IsFunc(fn, ctxspan.ContextPkg, "WithoutCancel") || !strings.HasPrefix(fn.Name(), "With")
	case fn.Pkg().Path() == ctxspan.TracePkg:
		return ctxspan.IsFunc(fn, ctxspan.TracePkg, "SpanFromContext") || ctxspan.IsFunc(fn, ctxspan.TracePkg, "SpanContextFromContext")
	}
	return ctxspan.IsFunc(fn, "go.opentelemetry.io/otel/baggage", "FromContext")
}

// paramType returns the type of the parameter that receives the i'th
// argument of a call of sig, or nil.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	params := sig.Params()
	switch {
	case sig.Variadic() && i >= params.Len()-1:
		last := params.At(params.Len() - 1).Type()
		if ellipsis {
			return last
		}
		if slice, ok := last.Underlying().(*types.Slice); ok {
			return slice.Elem()
		}
		return nil
	case i < params.Len():
		return params.At(i).Type()
	}
	return nil
}

// contextWrites returns, for each variable, the positions after which it
// may hold a different value: the ends of assignments to it and the places
// its address is taken.
func (c *funcChecker) contextWrites() map[*types.Var][]token.Pos {
	info := c.pass.TypesInfo
	writes := make(map[*types.Var][]token.Pos)
	record := func(e ast.Expr, at token.Pos) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.ObjectOf(id).(*types.Var); ok {
				writes[v] = append(writes[v], at)
			}
		}
	}
	for cur := range c.fn.Preorder((*ast.AssignStmt)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				record(lhs, n.End())
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				record(n.Key, n.Key.Pos())
			}
			if n.Value != nil {
				record(n.Value, n.Value.Pos())
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				record(n.X, n.Pos())
			}
		}
	}
	return writes
}

func writtenBetween(writes []token.Pos, from, to token.Pos) bool {
	for _, w := range writes {
		if from <= w && w <= to {
			return true
		}
	}
	return false
}

func (c *funcChecker) reportOldContext(arg *ast.Ident, start *spanStart) {
	d := analysis.Diagnostic{Pos: arg.Pos(), End: arg.End()}
	if start.newCtx == nil {
		d.Message = fmt.Sprintf("%s is the context from before the span started on line %d; the span's context is discarded; name it and pass it",
			arg.Name, start.line)
		c.filter.Report(d)
		return
	}
	newCtx := types.ExprString(start.newCtx)
	d.Message = fmt.Sprintf("%s is the context from before the span started on line %d; pass %s so callees are children of the span",
		arg.Name, start.line, newCtx)
	if start.newVar != nil && c.resolve(arg.Pos(), start.newVar.Name()) == start.newVar {
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   "Pass " + newCtx,
			TextEdits: []analysis.TextEdit{{Pos: arg.Pos(), End: arg.End(), NewText: []byte(newCtx)}},
		}}
	}
	c.filter.Report(d)
}

// declaredInside reports whether v is declared in the function.
func (c *funcChecker) declaredInside(v *types.Var) bool {
	fn := c.fn.Node()
	return fn.Pos() <= v.Pos() && v.Pos() < fn.End()
}
