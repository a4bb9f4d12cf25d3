package rewrite

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"

	"github.com/dave/dst"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// spanTarget says how a function receives the context its span starts
// from: its first parameter, or the request of an HTTP handler; and where
// in its body the span starts.
type spanTarget struct {
	ctxField *ast.Field
	request  string
	// at is the index in the body of the statement the span starts
	// before: after the function's own nil checks of its context.
	at int
}

// funcSpanTarget reports whether a function gets a function span: its
// first parameter is a context.Context, or it serves an HTTP request (has
// an http.ResponseWriter and a named *http.Request). A function whose own
// statements already start a span was instrumented by hand and is left
// alone; so is one without a body. A context-taking function must also
// keep its context to itself, and do work (see spanRule) unless forced by
// //otelgen:span or Config.AllSpans.
func (f *fileState) funcSpanTarget(node ast.Node, ft *ast.FuncType, body *ast.BlockStmt, forced bool) (spanTarget, bool) {
	// Declarations are asked twice, when spanned is filled and when
	// injected; the rule's walks are worth doing once.
	if c, ok := f.p.targets[node]; ok {
		return c.t, c.ok
	}
	t, ok := f.findSpanTarget(node, ft, body, forced)
	f.p.targets[node] = spanTargetResult{t, ok}
	return t, ok
}

type spanTargetResult struct {
	t  spanTarget
	ok bool
}

func (f *fileState) findSpanTarget(node ast.Node, ft *ast.FuncType, body *ast.BlockStmt, forced bool) (spanTarget, bool) {
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
	if t.ctxField == nil {
		// An HTTP handler: the same work rule, its request standing in
		// for the context (a middleware that only calls next gets none).
		return t, forced || f.p.cfg.AllSpans || !f.p.rule.serves(body) && f.p.rule.doesWork(body)
	}
	var root *types.Var
	if names := t.ctxField.Names; len(names) > 0 && names[0].Name != "_" {
		root, _ = info.Defs[names[0]].(*types.Var)
	}
	if root != nil {
		t.at = f.p.rule.nilGuardEnd(body, root)
	}
	if t.at > 0 && t.at == len(body.List) || root != nil && f.p.rule.contextLeaves(node, body, root) {
		return spanTarget{}, false
	}
	if t.at == 0 && root != nil && f.p.rule.passesToNilTolerant(body, root) {
		return spanTarget{}, false // it may be given nil too
	}
	if forced || f.p.cfg.AllSpans {
		return t, true
	}
	rest := &ast.BlockStmt{List: body.List[t.at:]}
	return t, !f.p.rule.serves(body) && f.p.rule.doesWork(rest)
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
	name, qualified := fn.name, fn.qualified
	var decs dst.Decorations
	if lit, ok := node.(*ast.FuncLit); ok {
		name = fn.closures[lit]
		qualified = f.p.pkg.PkgPath + strings.TrimPrefix(name, f.p.pkg.Name)
	} else {
		decs = f.dstOf(node).(*dst.FuncDecl).Decs.Start
	}
	t, ok := f.funcSpanTarget(node, ft, body, spanDirective(decs))
	if !ok {
		return
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
	if namedResults && inAPI(f.p.info, node) {
		// Naming the results would show in go doc and API diffs.
		errName, namedResults = "", false
	}
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
	var guard dst.Stmt
	if t.at > 0 {
		guard = f.dstOf(body.List[t.at-1]).(dst.Stmt)
	}
	fn.applies = append(fn.applies, func() error {
		dft := f.dstOf(ft).(*dst.FuncType)
		dbody := f.dstOf(body).(*dst.BlockStmt)
		at := slices.Index(dbody.List, guard) + 1
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
			if usesName(&dst.BlockStmt{List: dbody.List[at:]}, ctxName) {
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
		dbody.List = slices.Insert(dbody.List, at, stmts...)
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

// inAPI reports whether node is a function go doc shows: an exported
// function, or an exported method of an exported type.
func inAPI(info *types.Info, node ast.Node) bool {
	fd, ok := node.(*ast.FuncDecl)
	if !ok || !fd.Name.IsExported() {
		return false
	}
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok || fn.Type().(*types.Signature).Recv() == nil {
		return ok
	}
	recv := ctxspan.Receiver(fn)
	return recv != nil && recv.Exported()
}
