package rewrite

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/dave/dst"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// spanTarget says how a function receives the context its span starts
// from: its first parameter, or the request of an HTTP handler.
type spanTarget struct {
	ctxField *ast.Field
	request  string
}

// funcSpanTarget reports whether a function gets a function span: its
// first parameter is a context.Context, or it serves an HTTP request (has
// an http.ResponseWriter and a named *http.Request). A function whose own
// statements already start a span was instrumented by hand and is left
// alone; so is one without a body.
func (f *fileState) funcSpanTarget(ft *ast.FuncType, body *ast.BlockStmt) (spanTarget, bool) {
	info := f.p.info
	if body == nil || ft.Params == nil || len(ft.Params.List) == 0 {
		return spanTarget{}, false
	}
	var t spanTarget
	if first := ft.Params.List[0]; ctxspan.IsContext(info.TypeOf(first.Type)) {
		t.ctxField = first
	} else if ctxspan.ServesRequest(info, ft.Params) {
		for _, field := range ft.Params.List {
			if ctxspan.IsHTTPRequestPtr(info.TypeOf(field.Type)) && len(field.Names) == 1 && field.Names[0].Name != "_" {
				t.request = field.Names[0].Name
			}
		}
	}
	if t.ctxField == nil && t.request == "" {
		return spanTarget{}, false
	}
	for _, stmt := range body.List {
		if startsSpan(info, stmt) {
			return spanTarget{}, false
		}
	}
	return t, true
}

// startsSpan reports whether stmt, outside function literals, calls a
// span start.
func startsSpan(info *types.Info, stmt ast.Stmt) bool {
	found := false
	ast.Inspect(stmt, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if ctxspan.IsSpanStart(info, n) {
				found = true
			}
		}
		return !found
	})
	return found
}

// planFuncSpan plans the span of a declared function or literal.
func (fn *funcState) planFuncSpan(node ast.Node, ft *ast.FuncType, body *ast.BlockStmt) {
	f := fn.f
	t, ok := f.funcSpanTarget(ft, body)
	if !ok {
		return
	}
	name, qualified := fn.name, fn.qualified
	var decs dst.Decorations
	if lit, ok := node.(*ast.FuncLit); ok {
		name = fn.closures[lit]
		qualified = f.p.pkg.PkgPath + strings.TrimPrefix(name, f.p.pkg.Name)
	} else {
		decs = f.dstOf(node).(*dst.FuncDecl).Decs.Start
	}
	if custom, ok := spanNameDirective(decs); ok {
		name = custom
	}
	taken := fn.takenIn(node)
	var words []string
	ctxName := ""
	if t.ctxField != nil {
		switch {
		case len(t.ctxField.Names) == 0:
			ctxName = freshName("ctx", taken)
			words = append(words, wordNamedParams)
		case t.ctxField.Names[0].Name == "_":
			ctxName = freshName("ctx", taken)
			words = append(words, wordNamedCtx)
		default:
			ctxName = t.ctxField.Names[0].Name
		}
		if len(words) > 0 {
			fn.overrides = append(fn.overrides, override{body.Pos(), body.End(), ctxName})
		}
	}
	errName, namedResults := fn.errorResult(node, ft, taken)
	if namedResults {
		words = append(words, wordNamedResults)
	}
	// The position a //line directive gives, as in stack traces.
	declared := f.p.pkg.Fset.Position(node.Pos())
	site := &Site{
		Span:     freshName("span", taken),
		Parent:   ctxName,
		Tracer:   f.p.tracer,
		Name:     name,
		Function: qualified,
		File:     f.rel(declared.Filename),
		Line:     declared.Line,
		Err:      errName,
		Request:  t.request,
		Pkg:      f.imports.names,
	}
	if t.request != "" {
		site.Ctx = freshName("ctx", taken)
		site.Parent = t.request + ".Context()"
	}
	where := f.position(node.Pos()).String()
	fn.applies = append(fn.applies, func() error {
		dft := f.dstOf(ft).(*dst.FuncType)
		dbody := f.dstOf(body).(*dst.BlockStmt)
		nameParams(dft, words, ctxName)
		if namedResults {
			for i, field := range dft.Results.List {
				field.Names = []*dst.Ident{dst.NewIdent("_")}
				if i == len(dft.Results.List)-1 {
					field.Names[0].Name = errName
				}
			}
		}
		if site.Ctx == "" {
			site.Ctx = "_"
			if usesName(dbody, ctxName) {
				site.Ctx = ctxName
			}
		}
		if isOneLine(dbody) {
			words = append(words, wordOneLine)
		}
		stmts, err := f.p.tmpls.stmts(tmplFunc, site, where, words...)
		if err != nil {
			return err
		}
		insertTop(dbody, stmts)
		for _, s := range stmts {
			f.note(s)
		}
		return nil
	})
}

// isOneLine reports whether a function body was written on one line,
// which gofmt keeps and strip must restore.
func isOneLine(body *dst.BlockStmt) bool {
	return len(body.List) > 0 && body.List[0].Decorations().Before == dst.None
}

// nameParams names the context parameter when it had no usable name.
func nameParams(ft *dst.FuncType, words []string, ctxName string) {
	for _, w := range words {
		switch w {
		case wordNamedParams:
			for i, field := range ft.Params.List {
				field.Names = []*dst.Ident{dst.NewIdent("_")}
				if i == 0 {
					field.Names[0].Name = ctxName
				}
			}
		case wordNamedCtx:
			ft.Params.List[0].Names[0].Name = ctxName
		}
	}
}

// errorResult returns the name under which the function's error result
// can be recorded, and whether the results must be named for that. An
// error result named _ cannot be recorded.
func (fn *funcState) errorResult(node ast.Node, ft *ast.FuncType, taken func(string) bool) (string, bool) {
	if ft.Results == nil || len(ft.Results.List) == 0 {
		return "", false
	}
	last := ft.Results.List[len(ft.Results.List)-1]
	if !types.Identical(fn.f.p.info.TypeOf(last.Type), types.Universe.Lookup("error").Type()) {
		return "", false
	}
	if len(last.Names) > 0 {
		if name := last.Names[len(last.Names)-1].Name; name != "_" {
			return name, false
		}
		return "", false
	}
	if freeAtTop(fn.f.p.info, node, ft, "err") && !taken("err") {
		return "err", true
	}
	return freshName("err", func(s string) bool { return taken(s) || s == "err" }), true
}

// takenIn returns the names injected code in node must not declare: every
// identifier of the enclosing declaration, the tracer and the import names.
func (fn *funcState) takenIn(node ast.Node) func(string) bool {
	names := identNames(fn.fd)
	names[fn.f.p.tracer] = true
	for _, n := range fn.f.imports.names {
		names[n] = true
	}
	return func(s string) bool { return names[s] }
}
