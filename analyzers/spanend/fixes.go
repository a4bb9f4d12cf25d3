package spanend

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// deferEndFix inserts "defer span.End()" after t's start. It is offered only
// where that cannot end the span too early or break the code: the start is
// a statement of its own declaring the span variable, outside any loop, and
// the function never hands the span (or the context from the start) on
// and does not already defer its End.
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
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("Add defer %s.End()", t.span.Name()),
		TextEdits: []analysis.TextEdit{insertDeferEnd(pass, stmt, t.span.Name())},
	}, true
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
