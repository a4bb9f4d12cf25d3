package spanend

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// deferEndFix inserts "defer span.End()" after t's start and deletes the
// explicit End calls of the span that the deferred End replaces (see
// replacedEnds), so that the span is ended once. It is offered only where
// that neither changes when the span ends on a path that ends it nor breaks
// the code: the start is a statement of its own declaring the span
// variable, outside any loop, the function never hands the span (or the
// context from the start) on and does not already defer its End, and every
// explicit End of the span is one that replacedEnds can delete.
func (f *funcInfo) deferEndFix(pass *analysis.Pass, t *tracked) (analysis.SuggestedFix, bool) {
	stmt, declares := f.startStatement(t.start)
	if stmt == nil || !declares || f.innermostLoop(t.start.stmt) != nil {
		return analysis.SuggestedFix{}, false
	}
	if id := identOf(t.start.span); id == nil || f.info.Defs[id] != t.span {
		return analysis.SuggestedFix{}, false
	}
	// A deferred End further down is better moved up than duplicated.
	handedOn, deferred := false, false
	f.refsTo(f.fn, t.span, func(id *ast.Ident) {
		handedOn = handedOn || f.inClosure(id) || f.classifySpanRef(id) == refHandoff
		deferred = deferred || f.inDefer(id)
	})
	if deferred {
		return analysis.SuggestedFix{}, false
	}
	if t.ctx != nil {
		f.refsTo(f.fn, t.ctx, func(id *ast.Ident) { handedOn = handedOn || f.ctxEscapes(id) })
	}
	if handedOn {
		return analysis.SuggestedFix{}, false
	}
	removals, ok := f.replacedEnds(pass, t)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	name := t.span.Name()
	msg := fmt.Sprintf("Add defer %s.End()", name)
	if len(removals) > 0 {
		msg = fmt.Sprintf("Add defer %s.End() and remove the %s.End() calls it replaces", name, name)
	}
	return analysis.SuggestedFix{
		Message:   msg,
		TextEdits: append([]analysis.TextEdit{insertDeferEnd(pass, stmt, name)}, removals...),
	}, true
}

// replacedEnds returns edits that delete the explicit End calls of t's span
// that a "defer span.End()" after the start makes redundant, and false if
// the span has an explicit End that the deferred End would not replace
// exactly, in which case no fix is safe: keeping that End would end the
// span twice, deleting it would change when the span ends.
//
// An End is replaced when it is a statement "span.End()" without
// arguments, in the function's own body (not in a function literal), that
// is either the last statement of the function body or immediately
// followed, in the same statement list, by a (possibly labelled) return
// statement whose results evaluate nothing that takes time: no call other
// than a conversion or a builtin, and no channel receive. Deleting such
// Ends also requires that no defer statement follows the start (its
// deferred call would run before the span's deferred End, inside the span)
// and that the span variable is not assigned again (a later End may end
// another span).
func (f *funcInfo) replacedEnds(pass *analysis.Pass, t *tracked) ([]analysis.TextEdit, bool) {
	var ends []*ast.ExprStmt
	ok, reassigned := true, false
	f.refsTo(f.fn, t.span, func(id *ast.Ident) {
		switch f.classifySpanRef(id) {
		case refEnd:
			if end := f.replacedEnd(id); end != nil {
				ends = append(ends, end)
			} else {
				ok = false
			}
		case refAssign:
			reassigned = reassigned || id != identOf(t.start.span)
		}
	})
	if !ok {
		return nil, false
	}
	if len(ends) == 0 {
		return nil, true
	}
	if reassigned || f.defersAfter(t.start.stmt.End()) {
		return nil, false
	}
	var edits []analysis.TextEdit
	for _, end := range ends {
		edit, ok := deleteLine(pass, end)
		if !ok {
			return nil, false
		}
		edits = append(edits, edit)
	}
	return edits, true
}

// replacedEnd returns the statement "span.End()" that the reference id of
// a span variable is the receiver of, if a deferred End would end the span
// at the same point; otherwise nil. See replacedEnds.
func (f *funcInfo) replacedEnd(id *ast.Ident) *ast.ExprStmt {
	_, parent := f.climbParens(id)
	sel, ok := parent.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	selExpr, selParent := f.climbParens(sel)
	call, ok := selParent.(*ast.CallExpr)
	if !ok || call.Fun != selExpr || len(call.Args) != 0 {
		return nil
	}
	stmt, ok := f.parents.of(call).(*ast.ExprStmt)
	if !ok || stmt.X != call || f.inClosure(stmt) {
		return nil
	}
	var list []ast.Stmt
	switch p := f.parents.of(stmt).(type) {
	case *ast.BlockStmt:
		list = p.List
	case *ast.CaseClause:
		list = p.Body
	case *ast.CommClause:
		list = p.Body
	default:
		return nil // a labelled End (a goto target) or not a statement of a list
	}
	for i, s := range list {
		if s != stmt {
			continue
		}
		if i+1 == len(list) {
			if list[i] == f.body.List[len(f.body.List)-1] {
				return stmt // falls off the end of the function
			}
			return nil
		}
		next := list[i+1]
		if l, ok := next.(*ast.LabeledStmt); ok {
			next = l.Stmt // a goto may jump to the return too: it still returns
		}
		if ret, ok := next.(*ast.ReturnStmt); ok && f.instantResults(ret) {
			return stmt
		}
		return nil
	}
	return nil
}

// instantResults reports whether ret's results evaluate nothing that may
// take time: no call other than a conversion or a builtin, and no channel
// receive. Function literals are not looked into: they are not run.
func (f *funcInfo) instantResults(ret *ast.ReturnStmt) bool {
	instant := true
	for _, r := range ret.Results {
		ast.Inspect(r, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				tv, ok := f.info.Types[n.Fun]
				if !ok || !tv.IsType() && !tv.IsBuiltin() {
					instant = false
				}
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					instant = false
				}
			}
			return instant
		})
	}
	return instant
}

// defersAfter reports whether the function has a defer statement of its
// own (not of a function literal) after pos.
func (f *funcInfo) defersAfter(pos token.Pos) bool {
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			found = found || n.Pos() > pos
		}
		return !found
	})
	return found
}

// discardFix names the discarded span and inserts "defer name.End()"
// after the start. It returns the name it chose (or would choose) and
// whether the fix is safe: the start must be a statement of its own,
// outside any loop, and naming the span must not change what the other
// names of the statement refer to.
func (f *funcInfo) discardFix(pass *analysis.Pass, s *spanStart) (string, analysis.SuggestedFix, bool) {
	name := "span"
	scope := pass.Pkg.Scope().Innermost(s.call.Pos())
	if scope == nil {
		return name, analysis.SuggestedFix{}, false
	}
	name = freshName(scope, s.call.Pos())
	stmt, _ := f.startStatement(s)
	if stmt == nil || f.innermostLoop(s.stmt) != nil {
		return name, analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	switch n := s.stmt.(type) {
	case *ast.ExprStmt:
		edits = append(edits, analysis.TextEdit{Pos: n.Pos(), End: n.Pos(), NewText: []byte("_, " + name + " := ")})
	case *ast.AssignStmt:
		edits = append(edits, analysis.TextEdit{Pos: s.span.Pos(), End: s.span.End(), NewText: []byte(name)})
		if n.Tok == token.ASSIGN {
			// "ctx, _ = Start(...)" becomes "ctx, span := Start(...)",
			// which must redeclare ctx rather than shadow it.
			if id := identOf(n.Lhs[0]); id == nil || id.Name != "_" && !declaredIn(f.info.ObjectOf(id), scope) {
				return name, analysis.SuggestedFix{}, false
			}
			edits = append(edits, analysis.TextEdit{Pos: n.TokPos, End: n.TokPos + token.Pos(len("=")), NewText: []byte(":=")})
		}
	case *ast.ValueSpec:
		if n.Type != nil {
			return name, analysis.SuggestedFix{}, false
		}
		edits = append(edits, analysis.TextEdit{Pos: s.span.Pos(), End: s.span.End(), NewText: []byte(name)})
	default:
		return name, analysis.SuggestedFix{}, false
	}
	edits = append(edits, insertDeferEnd(pass, stmt, name))
	return name, analysis.SuggestedFix{
		Message:   fmt.Sprintf("Name the span %s and add defer %s.End()", name, name),
		TextEdits: edits,
	}, true
}

// startStatement returns the statement holding s if it is an element of a
// statement list (so a statement can follow it), and whether that
// statement declares s's variables.
func (f *funcInfo) startStatement(s *spanStart) (ast.Stmt, bool) {
	var stmt ast.Stmt
	declares := false
	switch n := s.stmt.(type) {
	case *ast.AssignStmt:
		stmt, declares = n, n.Tok == token.DEFINE
	case *ast.ExprStmt:
		stmt = n
	case *ast.ValueSpec:
		decl, ok := f.parents.of(f.parents.of(n)).(*ast.DeclStmt)
		if !ok {
			return nil, false
		}
		stmt, declares = decl, true
	}
	if stmt == nil || !f.inStatementList(stmt) {
		return nil, false
	}
	return stmt, declares
}

func declaredIn(obj types.Object, scope *types.Scope) bool {
	return obj != nil && obj.Parent() == scope
}

// freshName returns "span", or "span2", "span3", ... : the first name that
// nothing at pos refers to and that scope does not declare later, so that
// declaring it at pos neither shadows nor collides.
func freshName(scope *types.Scope, pos token.Pos) string {
	for i := 1; ; i++ {
		name := "span"
		if i > 1 {
			name = fmt.Sprintf("span%d", i)
		}
		if _, obj := scope.LookupParent(name, pos); obj == nil && scope.Lookup(name) == nil {
			return name
		}
	}
}

// insertDeferEnd inserts "defer name.End()" on a new line after stmt, with
// stmt's indentation, and after a line comment that follows stmt.
func insertDeferEnd(pass *analysis.Pass, stmt ast.Stmt, name string) analysis.TextEdit {
	at := stmt.End()
	indent := ""
	end := pass.Fset.Position(stmt.End())
	content, err := pass.ReadFile(end.Filename)
	if err == nil && end.Offset <= len(content) {
		rest := content[end.Offset:]
		if nl := bytes.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		if trimmed := bytes.TrimSpace(rest); len(trimmed) == 0 || bytes.HasPrefix(trimmed, []byte("//")) {
			at += token.Pos(len(rest))
		}
		indent = indentOf(content, pass.Fset.Position(stmt.Pos()))
	}
	return analysis.TextEdit{Pos: at, End: at, NewText: []byte("\n" + indent + "defer " + name + ".End()")}
}

// indentOf returns the leading white space of the line holding p.
func indentOf(content []byte, p token.Position) string {
	start := p.Offset - (p.Column - 1)
	if start < 0 || p.Offset > len(content) {
		return ""
	}
	lineStart := content[start:p.Offset]
	return string(lineStart[:len(lineStart)-len(bytes.TrimLeft(lineStart, " \t"))])
}

// deleteLine returns an edit that deletes stmt together with its line: its
// indentation, a line comment after it and the newline. A blank line before
// it goes too when the deletion would leave it next to another blank line
// or before a closing brace, and a blank line after it when it opens a
// block, so the result stays gofmt-clean. It fails if other code shares
// stmt's lines.
func deleteLine(pass *analysis.Pass, stmt ast.Stmt) (analysis.TextEdit, bool) {
	start, end := pass.Fset.Position(stmt.Pos()), pass.Fset.Position(stmt.End())
	content, err := pass.ReadFile(start.Filename)
	if err != nil || end.Offset > len(content) || start.Column < 1 {
		return analysis.TextEdit{}, false
	}
	from := start.Offset - (start.Column - 1)
	if len(bytes.TrimLeft(content[from:start.Offset], " \t")) != 0 {
		return analysis.TextEdit{}, false
	}
	to := len(content)
	if nl := bytes.IndexByte(content[end.Offset:], '\n'); nl >= 0 {
		to = end.Offset + nl + 1
	}
	if rest := bytes.TrimSpace(content[end.Offset:to]); len(rest) != 0 && !bytes.HasPrefix(rest, []byte("//")) {
		return analysis.TextEdit{}, false
	}
	prevFrom := bytes.LastIndexByte(content[:max(from-1, 0)], '\n') + 1
	prev := bytes.TrimSpace(content[prevFrom:from])
	nextTo := len(content)
	if nl := bytes.IndexByte(content[to:], '\n'); nl >= 0 {
		nextTo = to + nl + 1
	}
	next := bytes.TrimSpace(content[to:nextTo])
	switch {
	case from > 0 && len(prev) == 0 && (len(next) == 0 || next[0] == '}'):
		from = prevFrom
	case bytes.HasSuffix(prev, []byte("{")) && len(next) == 0 && to < len(content):
		to = nextTo
	}
	file := pass.Fset.File(stmt.Pos())
	return analysis.TextEdit{Pos: file.Pos(from), End: file.Pos(to)}, true
}
