package spanend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// checkFunc checks the span starts of one function body.
func (c *checker) checkFunc(f *funcInfo) {
	for _, s := range f.spanStarts() {
		c.checkStart(f, s)
	}
}

// checkStart checks one span start.
func (c *checker) checkStart(f *funcInfo, s *spanStart) {
	spanID := identOf(s.span)
	if s.span == nil || spanID != nil && spanID.Name == "_" {
		c.checkDiscarded(f, s)
		return
	}
	if spanID == nil {
		return // stored in a field, element or through a pointer: handed off
	}
	v := f.localVar(spanID)
	if v == nil || f.isNamedResult(v) || f.aliasedBefore(v, s.call.Pos()) {
		return // the span is visible outside this function's paths
	}
	t := &tracked{start: s, span: v}
	if ctxID := identOf(s.ctx); ctxID == nil {
		return // the context carrying the span is stored elsewhere
	} else if ctxID.Name != "_" {
		if t.ctx = f.localVar(ctxID); t.ctx == nil {
			return // the context carrying the span belongs to an enclosing function
		}
	}
	def, index := findNode(f.cfg(), s.stmt)
	if def == nil {
		return // unreachable code
	}
	startLine := line(c.pass.Fset, s.call.Pos())

	if d := f.loopDefer(t); d != nil {
		c.report.Report(analysis.Diagnostic{
			Pos: s.call.Pos(),
			End: s.call.End(),
			Message: fmt.Sprintf("span started in a loop is ended by the defer on line %d, which runs only when the function returns: call %s.End() before the iteration ends",
				line(c.pass.Fset, d.Pos()), v.Name()),
		})
		return
	}

	ret, overwrite := f.lostPath(t, def, index)
	inLoop := f.innermostLoop(s.stmt) != nil
	switch {
	case ret != nil:
		d := analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End()}
		if inLoop {
			d.Message = fmt.Sprintf("span is not ended on all paths: call %s.End() on every path through the loop body", v.Name())
		} else {
			d.Message = fmt.Sprintf("span is not ended on all paths: add defer %s.End() after starting it", v.Name())
			if fix, ok := f.deferEndFix(c.pass, t); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
		c.reportWithReturn(f, d, ret, startLine)
	case overwrite == s.stmt:
		c.report.Report(analysis.Diagnostic{
			Pos:     s.call.Pos(),
			End:     s.call.End(),
			Message: fmt.Sprintf("span may not be ended before the loop starts the next one: call %s.End() on every path through the loop body", v.Name()),
		})
	case overwrite != nil:
		c.report.Report(analysis.Diagnostic{
			Pos:     s.call.Pos(),
			End:     s.call.End(),
			Message: fmt.Sprintf("span may be overwritten on line %d before it is ended: call %s.End() first", line(c.pass.Fset, overwrite.Pos()), v.Name()),
		})
	}

	if c.recordError {
		c.checkRecordError(f, t, def, index, startLine)
	}
}

// reportWithReturn reports d and, unless d is suppressed, the return
// statement that a path reaches without ending the span.
func (c *checker) reportWithReturn(f *funcInfo, d analysis.Diagnostic, ret *ast.ReturnStmt, startLine int) {
	if c.report.Covers(d.Pos) {
		return
	}
	c.report.Report(d)
	pos, end := ret.Pos(), ret.End()
	// The CFG's synthetic return at a closing brace may end past the file.
	if c.pass.Fset.File(pos) != c.pass.Fset.File(end) {
		end = pos
	}
	msg := fmt.Sprintf("this return statement may be reached without ending the span started on line %d", startLine)
	// The CFG makes the implicit return at the end of the body explicit,
	// at the closing brace, where there is no statement to speak of.
	if ret.Return == f.body.Rbrace {
		msg = fmt.Sprintf("the function may return here, at its end, without ending the span started on line %d", startLine)
	}
	c.report.Report(analysis.Diagnostic{Pos: pos, End: end, Message: msg})
}

// aliasedBefore reports whether the span variable v may be reached other
// than by name before pos: captured by a closure or its address taken. Such
// a closure (say, a deferred one that ends whatever v holds) runs at times
// the paths from the start cannot see.
func (f *funcInfo) aliasedBefore(v *types.Var, pos token.Pos) bool {
	aliased := false
	f.refsTo(f.fn, v, func(id *ast.Ident) {
		if id.Pos() >= pos {
			return
		}
		_, parent := f.climbParens(id)
		if u, ok := parent.(*ast.UnaryExpr); ok && u.Op == token.AND || f.inClosure(id) {
			aliased = true
		}
	})
	return aliased
}

// loopDefer returns a defer statement that ends t's span in the body of the
// innermost loop that started it, and that the loop may run again after,
// or nil. A defer in a function literal of the body runs per call and does
// not count.
func (f *funcInfo) loopDefer(t *tracked) *ast.DeferStmt {
	loop := f.innermostLoop(t.start.stmt)
	if loop == nil {
		return nil
	}
	var found *ast.DeferStmt
	ast.Inspect(loop, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			if n.Pos() > t.start.stmt.Pos() && f.endsSpan(n.Call, t.span) && reaches(f.cfg(), n, t.start.stmt) {
				found = n
			}
			return false
		}
		return true
	})
	return found
}

// endsSpan reports whether call is v.End(...) or a call of a function
// literal that calls v.End.
func (f *funcInfo) endsSpan(call *ast.CallExpr, v *types.Var) bool {
	var root ast.Node = call.Fun
	if lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit); ok {
		root = lit.Body
	}
	ends := false
	f.refsTo(root, v, func(id *ast.Ident) {
		ends = ends || f.classifySpanRef(id) == refEnd
	})
	return ends
}

// checkDiscarded reports a span start whose span is not kept: assigned to
// _ or the call used as a statement. It stays silent when the context from
// the start leaves the function (sent, stored, returned, or given to
// trace.SpanFromContext): whoever receives it can reach the span.
func (c *checker) checkDiscarded(f *funcInfo, s *spanStart) {
	var ctxVar *types.Var
	if s.ctx != nil {
		id := identOf(s.ctx)
		if id == nil {
			return // the context carrying the span is stored elsewhere
		}
		if id.Name != "_" {
			if ctxVar = f.localVar(id); ctxVar == nil {
				return // the context belongs to an enclosing function
			}
		}
	}
	if ctxVar != nil {
		escapes := false
		inLoop := f.innermostLoop(s.stmt) != nil
		f.refsTo(f.fn, ctxVar, func(id *ast.Ident) {
			// Before the start (outside a loop) the variable holds another context.
			escapes = escapes || (inLoop || id.Pos() > s.call.End()) && f.ctxEscapes(id)
		})
		if escapes {
			return
		}
	}
	d := analysis.Diagnostic{Pos: s.call.Pos(), End: s.call.End()}
	name, fix, ok := f.discardFix(c.pass, s)
	if ok {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	d.Message = fmt.Sprintf("span is discarded, so it is never ended: assign it to a variable and add defer %s.End()", name)
	c.report.Report(d)
}
