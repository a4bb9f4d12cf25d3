package rewrite

import (
	"go/token"
	"slices"
	"strconv"

	"github.com/dave/dst"
	"github.com/dave/dst/dstutil"
)

// carryPath is the import path of the run-time envelope package that
// earlier versions of otelgen injected; strip still removes every use.
const carryPath = "github.com/ctxtrace/ctxtrace/rewrite/carry"

// strip removes everything otelgen injected into f and reports whether
// anything was. It needs no type information: the markers and the
// envelope's names say what is ours.
func strip(f *dst.File) bool {
	s := &stripper{carry: importName(f, carryPath)}
	dstutil.Apply(f, s.pre, nil)
	s.changed = stripDecls(f) || s.changed
	return s.changed
}

type stripper struct {
	carry   string // local name of the carry package, "" if not imported
	funcs   []*dst.FuncType
	changed bool
}

func (s *stripper) pre(c *dstutil.Cursor) bool {
	switch n := c.Node().(type) {
	case *dst.FuncDecl:
		s.stripFunc(n.Type, n.Body)
	case *dst.FuncLit:
		s.stripFunc(n.Type, n.Body)
	case *dst.GoStmt:
		if words, ok := isMarked(n); ok && slices.Contains(words, wordGoCall) {
			if call := unwrapGoCall(n.Call); call != nil {
				dropMarker(&n.Decs.End)
				n.Call = call
				s.changed = true
			}
		}
		if lit, ok := n.Call.Fun.(*dst.FuncLit); ok && hasWord(lit.Body, wordGoParam) {
			lit.Type.Params.List = lit.Type.Params.List[1:]
			n.Call.Args = n.Call.Args[1:]
			s.changed = true
		}
	case *dst.RangeStmt:
		if hasWord(n.Body, wordRangeVar) {
			n.Key, n.Tok = nil, token.ILLEGAL
			s.changed = true
		}
	case *dst.SendStmt:
		if words, ok := isMarked(n); ok && slices.Contains(words, wordCtxField) {
			if lit, ok := n.Value.(*dst.CompositeLit); ok && len(lit.Elts) > 0 {
				lit.Elts = lit.Elts[:len(lit.Elts)-1]
			}
			dropMarker(&n.Decs.End)
			s.changed = true
		}
	case *dst.BlockStmt:
		n.List = s.stripStmts(n.List)
	case *dst.CaseClause:
		reattachMarker(&n.Decs.End, n.Body)
		n.Body = s.stripStmts(n.Body)
	case *dst.CommClause:
		reattachMarker(&n.Decs.End, n.Body)
		s.restoreRecvVar(n)
		n.Body = s.stripStmts(n.Body)
	case *dst.CallExpr:
		if s.isEnvelope(n.Fun, envelopeWith, "With") && len(n.Args) == 2 {
			c.Replace(n.Args[1])
			s.changed = true
		}
	case *dst.IndexExpr:
		if s.isEnvelope(n.X, envelopeType, "Item") {
			c.Replace(n.Index)
			s.changed = true
		}
	}
	return true
}

// stripFunc undoes the signature changes recorded on the function span's
// first statement.
func (s *stripper) stripFunc(ft *dst.FuncType, body *dst.BlockStmt) {
	if body == nil {
		return
	}
	// The function span may start after the function's nil checks, so
	// its words are on a marked statement anywhere at the top level.
	var words []string
	for _, stmt := range body.List {
		if w, ok := isMarked(stmt); ok {
			words = append(words, w...)
		}
	}
	for _, w := range words {
		switch w {
		case wordNamedParams:
			for _, field := range ft.Params.List {
				field.Names = nil
			}
		case wordNamedCtx:
			if len(ft.Params.List) > 0 && len(ft.Params.List[0].Names) > 0 {
				ft.Params.List[0].Names[0].Name = "_"
			}
		case wordNamedResults:
			if ft.Results != nil {
				for _, field := range ft.Results.List {
					field.Names = nil
				}
			}
		}
	}
}

// restoreRecvVar gives a select case's variable back its name: the case's
// marked first statement is `name := item.Value`.
func (s *stripper) restoreRecvVar(cc *dst.CommClause) {
	if len(cc.Body) == 0 {
		return
	}
	for _, stmt := range cc.Body {
		words, ok := isMarked(stmt)
		if !ok || !slices.Contains(words, wordRecvVar) {
			continue
		}
		assign, ok := stmt.(*dst.AssignStmt)
		if !ok || len(assign.Lhs) != 1 {
			continue
		}
		name := assign.Lhs[0].(*dst.Ident).Name
		if comm, ok := cc.Comm.(*dst.AssignStmt); ok && len(comm.Lhs) > 0 {
			if id, ok := comm.Lhs[0].(*dst.Ident); ok {
				id.Name = name
			}
		}
	}
}

// isEnvelope reports whether e, type arguments aside, names local, one
// of the support file's envelope declarations, or carry's name.
func (s *stripper) isEnvelope(e dst.Expr, local, name string) bool {
	switch x := e.(type) {
	case *dst.IndexExpr:
		if local == envelopeWith {
			e = x.X
		}
	case *dst.IndexListExpr:
		e = x.X
	}
	switch x := e.(type) {
	case *dst.Ident:
		return x.Name == local
	case *dst.SelectorExpr:
		id, ok := x.X.(*dst.Ident)
		return ok && s.carry != "" && id.Name == s.carry && x.Sel.Name == name
	}
	return false
}

// stripStmts removes marked statements. Comments that printing attached
// to a removed statement go back to the neighbour they came from.
func (s *stripper) stripStmts(list []dst.Stmt) []dst.Stmt {
	out := list[:0]
	var orphans dst.Decorations
	var before dst.SpaceType
	oneLine := false
	defer func() {
		if oneLine && len(out) > 0 {
			out[0].Decorations().Before = dst.None
			out[len(out)-1].Decorations().After = dst.None
		}
	}()
	for _, stmt := range list {
		if words, ok := isMarked(stmt); ok && !isClause(stmt) && !slices.Contains(words, wordGoCall) && !slices.Contains(words, wordCtxField) {
			oneLine = oneLine || slices.Contains(words, wordOneLine)
			decs := stmt.Decorations()
			orphans = append(orphans, decs.Start...)
			if decs.Before == dst.EmptyLine {
				before = dst.EmptyLine
			}
			s.changed = true
			continue
		}
		if len(orphans) > 0 || before != dst.None {
			decs := stmt.Decorations()
			decs.Start.Prepend(orphans...)
			if before == dst.EmptyLine {
				decs.Before = dst.EmptyLine
			}
			orphans, before = nil, dst.None
		}
		out = append(out, stmt)
	}
	if len(orphans) > 0 && len(out) > 0 {
		out[len(out)-1].Decorations().End.Append(orphans...)
	}
	return out
}

// stripDecls removes marked package-level declarations and import specs,
// and import declarations left empty.
func stripDecls(f *dst.File) bool {
	changed := false
	decls := f.Decls[:0]
	for _, decl := range f.Decls {
		if _, ok := isMarked(decl); ok {
			changed = true
			continue
		}
		if gen, ok := decl.(*dst.GenDecl); ok && gen.Tok == token.IMPORT {
			specs := gen.Specs[:0]
			for _, spec := range gen.Specs {
				if _, ok := isMarked(spec); ok {
					changed = true
					continue
				}
				specs = append(specs, spec)
			}
			gen.Specs = specs
			if len(specs) == 0 {
				continue
			}
		}
		decls = append(decls, decl)
	}
	f.Decls = decls
	if changed {
		f.Imports = f.Imports[:0]
		for _, decl := range f.Decls {
			if gen, ok := decl.(*dst.GenDecl); ok && gen.Tok == token.IMPORT {
				for _, spec := range gen.Specs {
					f.Imports = append(f.Imports, spec.(*dst.ImportSpec))
				}
			}
		}
	}
	return changed
}

// unwrapGoCall turns the call of a go statement that otelgen wrapped,
// go func(ctx C, p1 T1, ...) { ...; callee(p1, ...) }(ctx, a1, ...),
// back into callee(a1, ...): every parameter the inner call mentions is
// replaced by the argument the wrapper received for it.
func unwrapGoCall(call *dst.CallExpr) *dst.CallExpr {
	lit, ok := call.Fun.(*dst.FuncLit)
	if !ok {
		return nil
	}
	var inner *dst.CallExpr
	for _, stmt := range lit.Body.List {
		if _, marked := isMarked(stmt); marked {
			continue
		}
		if es, ok := stmt.(*dst.ExprStmt); ok {
			inner, _ = es.X.(*dst.CallExpr)
		}
	}
	if inner == nil {
		return nil
	}
	args := make(map[string]dst.Expr)
	i := 0
	for _, field := range lit.Type.Params.List {
		for _, name := range field.Names {
			if i < len(call.Args) {
				args[name.Name] = call.Args[i]
			}
			i++
		}
	}
	substitute := func(e dst.Expr) dst.Expr {
		if id, ok := e.(*dst.Ident); ok {
			if arg, ok := args[id.Name]; ok {
				return arg
			}
		}
		return e
	}
	inner.Fun = substitute(inner.Fun)
	for i, arg := range inner.Args {
		inner.Args[i] = substitute(arg)
	}
	inner.Decs = dst.CallExprDecorations{}
	return inner
}

// reattachMarker moves a marker that parsing attached to a clause (it
// ended the clause's last line) to the clause's last statement, where it
// was printed from.
func reattachMarker(clauseEnd *dst.Decorations, body []dst.Stmt) {
	words, ok := markerWords(*clauseEnd)
	if !ok || len(body) == 0 {
		return
	}
	dropMarker(clauseEnd)
	mark(body[len(body)-1], words...)
}

func isClause(stmt dst.Stmt) bool {
	switch stmt.(type) {
	case *dst.CaseClause, *dst.CommClause:
		return true
	}
	return false
}

func hasWord(body *dst.BlockStmt, word string) bool {
	if body == nil {
		return false
	}
	for _, stmt := range body.List {
		if words, ok := isMarked(stmt); ok && slices.Contains(words, word) {
			return true
		}
	}
	return false
}

// importName returns the name path is imported as in f, or "".
func importName(f *dst.File, path string) string {
	for _, spec := range f.Imports {
		if p, err := strconv.Unquote(spec.Path.Value); err == nil && p == path {
			if spec.Name != nil {
				return spec.Name.Name
			}
			return defaultImportName(path)
		}
	}
	return ""
}
