package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// planGo plans the span of a goroutine started by gs, when a context is
// in scope there: a literal gets the context as a new first parameter; a
// call is wrapped in a literal whose parameters receive the call's
// function value and arguments, so everything is still evaluated at the
// go statement.
func (fn *funcState) planGo(gs *ast.GoStmt) {
	f := fn.f
	d := f.dstOf(gs).(*dst.GoStmt)
	if ignored(d.Decs.Start, d.Decs.End) {
		f.p.cfg.Log("%s: //otelgen:ignore: go statement left alone", f.position(gs.Pos()))
		return
	}
	expr, isVar, ok := fn.ctxAt(gs.Pos())
	if !ok {
		return
	}
	name, custom := spanNameDirective(d.Decs.Start, d.Decs.End)
	if lit, ok := gs.Call.Fun.(*ast.FuncLit); ok {
		fn.planGoLiteral(gs, lit, expr, isVar, name, custom)
		return
	}
	fn.planGoCall(gs, expr, name, custom)
}

func (fn *funcState) planGoLiteral(gs *ast.GoStmt, lit *ast.FuncLit, expr string, isVar bool, name string, custom bool) {
	f := fn.f
	info := f.p.info
	params := lit.Type.Params.List
	if len(params) > 0 && ctxspan.IsContext(info.TypeOf(params[0].Type)) {
		// The literal receives a context already; as a function it gets
		// its own span (unless function spans are switched off).
		return
	}
	if !f.p.cfg.AllSpans && (f.p.rule.serves(lit.Body) || f.p.rule.watchesDone(lit.Body) || !f.p.rule.doesWork(lit.Body)) {
		return
	}
	taken := fn.takenIn(lit)
	param := expr
	// Capturing the context costs the goroutine one allocation less than
	// passing it (a go statement with arguments allocates a wrapper for
	// them), and means the same while the variable keeps its value.
	capture := isVar && !assigns(lit.Body, expr) && fn.capturable(gs, expr)
	if !capture && (!isVar || assigns(lit.Body, expr)) {
		param = freshName("ctx", taken)
	}
	fn.overrides = append(fn.overrides, override{lit.Body.Pos(), lit.Body.End(), param})
	if !custom {
		name = fn.nameOf(gs.Pos()) + "/go"
	}
	site := &Site{Span: freshName("span", taken), Parent: param, Tracer: f.p.tracer, Name: name, Pkg: f.imports.names}
	where := f.position(gs.Pos()).String()
	fn.applies = append(fn.applies, func() error {
		d := f.dstOf(gs).(*dst.GoStmt)
		dlit := d.Call.Fun.(*dst.FuncLit)
		site.Ctx = "_"
		if usesName(dlit.Body, param) {
			site.Ctx = param
		}
		var words []string
		if !capture {
			words = append(words, wordGoParam)
		}
		if isOneLine(dlit.Body) {
			words = append(words, wordOneLine)
		}
		stmts, err := f.p.tmpls.stmts(tmplGo, site, where, words...)
		if err != nil {
			return err
		}
		if capture {
			insertTop(dlit.Body, stmts)
			for _, s := range stmts {
				f.note(s)
			}
			return nil
		}
		field := &dst.Field{
			Names: []*dst.Ident{dst.NewIdent(param)},
			Type:  &dst.SelectorExpr{X: dst.NewIdent(f.imports.names["context"]), Sel: dst.NewIdent("Context")},
		}
		dlit.Type.Params.List = append([]*dst.Field{field}, dlit.Type.Params.List...)
		arg, err := parseExpr(expr)
		if err != nil {
			return err
		}
		d.Call.Args = append([]dst.Expr{arg}, d.Call.Args...)
		insertTop(dlit.Body, stmts)
		f.note(field)
		for _, s := range stmts {
			f.note(s)
		}
		return nil
	})
}

// planGoCall wraps go callee(args) as
// go func(ctx context.Context, p1 T1, ...) { span...; callee(p1, ...) }(ctx, a1, ...).
func (fn *funcState) planGoCall(gs *ast.GoStmt, expr, name string, custom bool) {
	f := fn.f
	info := f.p.info
	call := gs.Call
	if tv, ok := info.Types[call.Fun]; !ok || tv.IsBuiltin() || tv.IsType() {
		return
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return
	}
	callee := ctxspan.Callee(info, call)
	if callee != nil && f.p.spanned[callee] {
		return // its own function span is the goroutine's span
	}
	takesCtx := sig.Params().Len() > 0 && ctxspan.IsContext(sig.Params().At(0).Type()) && len(call.Args) > 0
	if !f.p.rule.goroutineWorth(callee, takesCtx, f.p.cfg.AllSpans) {
		return
	}
	static := isStaticFunc(info, call.Fun)

	taken := map[string]bool{f.p.tracer: true}
	for _, n := range f.imports.names {
		taken[n] = true
	}
	for n := range identNames(call.Fun) {
		taken[n] = true
	}
	isTaken := func(s string) bool { return taken[s] }
	claim := func(want string) string {
		n := freshName(want, isTaken)
		taken[n] = true
		return n
	}
	ctxParam := claim("ctx")
	spanVar := claim("span")

	type param struct{ name, typ string }
	var params []param
	var outer []string // "" = move the original argument at the same index
	var inner []string
	add := func(want string, t types.Type) (string, bool) {
		s, ok := f.typeString(t)
		if !ok {
			return "", false
		}
		n := claim(want)
		params = append(params, param{n, s})
		return n, true
	}
	// A channel that now carries envelopes is written with its new type.
	addEnvelope := func(want string, t types.Type) (string, bool) {
		ch, isChan := t.Underlying().(*types.Chan)
		if !isChan {
			return "", false
		}
		elem, ok := f.typeString(ch.Elem())
		if !ok {
			return "", false
		}
		prefix := map[types.ChanDir]string{types.SendRecv: "chan ", types.SendOnly: "chan<- ", types.RecvOnly: "<-chan "}[ch.Dir()]
		n := claim(want)
		f.p.usesEnvelope = true
		params = append(params, param{n, prefix + envelopeType + "[" + elem + "]"})
		return n, true
	}
	ctxType := f.imports.names["context"] + ".Context"
	params = append(params, param{ctxParam, ctxType})
	firstArg := 0
	if takesCtx {
		outer = append(outer, "#0")
		inner = append(inner, ctxParam)
		firstArg = 1
	} else {
		outer = append(outer, expr)
	}
	funParam := ""
	if !static {
		var ok bool
		if funParam, ok = add("fn", info.TypeOf(call.Fun)); !ok {
			f.p.cfg.Log("%s: go statement left alone: its function's type cannot be written in this package", f.position(gs.Pos()))
			return
		}
		outer = append(outer, "#fun")
	}
	for i := firstArg; i < len(call.Args); i++ {
		t := paramType(sig, i, call.Ellipsis.IsValid())
		var n string
		var ok bool
		if f.p.pipes.converted(call.Args[i]) {
			n, ok = addEnvelope(argName(sig, i), t)
		} else {
			n, ok = add(argName(sig, i), t)
		}
		if !ok {
			f.p.cfg.Log("%s: go statement left alone: the type %s cannot be written in this package", f.position(gs.Pos()), t)
			return
		}
		outer = append(outer, fmt.Sprintf("#%d", i))
		inner = append(inner, n)
	}
	if !custom {
		name = fn.nameOf(gs.Pos()) + "/go"
		if callee != nil {
			name = shortFuncName(callee)
		}
	}
	site := &Site{Span: spanVar, Parent: ctxParam, Tracer: f.p.tracer, Name: name, Pkg: f.imports.names}
	site.Ctx = "_"
	if takesCtx {
		site.Ctx = ctxParam
	}
	where := f.position(gs.Pos()).String()
	fn.applies = append(fn.applies, func() error {
		d := f.dstOf(gs).(*dst.GoStmt)
		var sb strings.Builder
		sb.WriteString("go func(")
		for i, p := range params {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(p.name + " " + p.typ)
		}
		sb.WriteString(") {\n_f(" + strings.Join(inner, ", ") + ")\n}(")
		for i := range outer {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(fmt.Sprintf("_a%d", i))
		}
		sb.WriteString(")")
		parsed, err := parseStmt(sb.String())
		if err != nil {
			return fmt.Errorf("%s: wrapping go statement: %v", where, err)
		}
		wrapper := parsed.(*dst.GoStmt).Call
		lit := wrapper.Fun.(*dst.FuncLit)
		innerCall := lit.Body.List[0].(*dst.ExprStmt).X.(*dst.CallExpr)
		if static {
			innerCall.Fun = d.Call.Fun
		} else {
			innerCall.Fun = dst.NewIdent(funParam)
		}
		innerCall.Ellipsis = d.Call.Ellipsis
		for i, o := range outer {
			switch {
			case o == "#fun":
				wrapper.Args[i] = d.Call.Fun
			case strings.HasPrefix(o, "#"):
				var j int
				fmt.Sscanf(o, "#%d", &j)
				wrapper.Args[i] = d.Call.Args[j]
			default:
				e, err := parseExpr(o)
				if err != nil {
					return err
				}
				wrapper.Args[i] = e
			}
		}
		stmts, err := f.p.tmpls.stmts(tmplGo, site, where)
		if err != nil {
			return err
		}
		insertTop(lit.Body, stmts)
		d.Call = wrapper
		mark(d, wordGoCall)
		f.note(lit.Type)
		for _, s := range stmts {
			f.note(s)
		}
		return nil
	})
}

// isStaticFunc reports whether e names a function (not a function value):
// evaluating it at the go statement or later gives the same function.
func isStaticFunc(info *types.Info, e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		return isStaticFunc(info, e.X)
	case *ast.IndexListExpr:
		return isStaticFunc(info, e.X)
	case *ast.Ident:
		_, ok := info.Uses[e].(*types.Func)
		return ok
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if _, ok := info.Uses[id].(*types.PkgName); ok {
				_, ok := info.Uses[e.Sel].(*types.Func)
				return ok
			}
		}
	}
	return false
}

// paramType is the type of the parameter that receives argument i.
func paramType(sig *types.Signature, i int, ellipsis bool) types.Type {
	n := sig.Params().Len()
	if sig.Variadic() && i >= n-1 {
		last := sig.Params().At(n - 1).Type()
		if ellipsis {
			return last
		}
		return last.(*types.Slice).Elem()
	}
	return sig.Params().At(i).Type()
}

// argName names the wrapper parameter for argument i after the callee's
// parameter, or argN when that has no name or is variadic.
func argName(sig *types.Signature, i int) string {
	n := sig.Params().Len()
	if i < n && !(sig.Variadic() && i == n-1) {
		if name := sig.Params().At(i).Name(); name != "" && name != "_" {
			return name
		}
	}
	return fmt.Sprintf("arg%d", i)
}

// shortFuncName names a function for a span: pkg.F, pkg.T.M, pkg.(*T).M.
func shortFuncName(fn *types.Func) string {
	sig := fn.Type().(*types.Signature)
	prefix := ""
	if fn.Pkg() != nil {
		prefix = fn.Pkg().Name() + "."
	}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		ptr := false
		if p, ok := t.(*types.Pointer); ok {
			t, ptr = p.Elem(), true
		}
		recvName := "?"
		if named, ok := types.Unalias(t).(*types.Named); ok {
			recvName = named.Obj().Name()
		} else if _, ok := t.Underlying().(*types.Interface); ok {
			recvName = types.TypeString(t, func(*types.Package) string { return "" })
		}
		if ptr {
			recvName = "(*" + recvName + ")"
		}
		return prefix + recvName + "." + fn.Name()
	}
	return prefix + fn.Name()
}

// assigns reports whether body assigns to a variable called name.
// capturable reports whether a goroutine literal started at gs may use
// the caller's context variable named expr as it is, instead of receiving
// it as a parameter: the variable is a caller's context no injection
// introduced, and nothing in the function assigns it (an assignment, a
// := that reuses it, a range clause, or its address taken) except its
// declaration, so the goroutine reads the value it would have been given.
func (fn *funcState) capturable(gs *ast.GoStmt, expr string) bool {
	if fn.fd == nil {
		return false
	}
	for _, o := range fn.overrides {
		if o.from <= gs.Pos() && gs.Pos() < o.to {
			return false
		}
	}
	visible, ok := fn.callers.At(gs.Pos())
	if !ok || visible.Var == nil || visible.Expr != expr {
		return false
	}
	return !reassigned(fn.f.p.info, fn.fd, visible.Var)
}

// reassigned reports whether anything in root may change v after its
// declaration.
func reassigned(info *types.Info, root ast.Node, v *types.Var) bool {
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	found := false
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			found = found || slices.ContainsFunc(n.Lhs, is)
		case *ast.RangeStmt:
			found = found || n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value) ||
				n.Tok == token.DEFINE && (declares(info, n.Key, v) || declares(info, n.Value, v))
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		}
		return !found
	})
	return found
}

// declares reports whether e, a range clause's key or value, declares v:
// a loop variable is shared by every iteration before Go 1.22.
func declares(info *types.Info, e ast.Expr, v *types.Var) bool {
	id, ok := e.(*ast.Ident)
	return ok && info.Defs[id] == v
}

func assigns(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && as.Tok.String() != ":=" {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

func parseStmt(src string) (dst.Stmt, error) {
	f, err := decorator.Parse("package p\n\nfunc _() {\n" + src + "\n}\n")
	if err != nil {
		return nil, err
	}
	return f.Decls[0].(*dst.FuncDecl).Body.List[0], nil
}

func parseExpr(src string) (dst.Expr, error) {
	stmt, err := parseStmt("_ = " + src)
	if err != nil {
		return nil, fmt.Errorf("parse %q: %w", src, err)
	}
	return stmt.(*dst.AssignStmt).Rhs[0], nil
}
