package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/dave/dst"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A carrier is an element type that carries its own context: a struct
// (not a pointer, which may be nil) with a context.Context field or a
// Context() context.Context method.
type carrier struct {
	field  string // the field's name, or "" for the method
	method bool
}

func carrierOf(pkg *types.Package, elem types.Type) (carrier, bool) {
	if _, ok := elem.Underlying().(*types.Struct); !ok {
		return carrier{}, false
	}
	obj, _, _ := types.LookupFieldOrMethod(elem, false, pkg, "Context")
	if m, ok := obj.(*types.Func); ok {
		sig := m.Type().(*types.Signature)
		if sig.Params().Len() == 0 && sig.Results().Len() == 1 && ctxspan.IsContext(sig.Results().At(0).Type()) {
			return carrier{method: true}, true
		}
	}
	st := elem.Underlying().(*types.Struct)
	for i := range st.NumFields() {
		field := st.Field(i)
		if ctxspan.IsContext(field.Type()) && (field.Exported() || field.Pkg() == pkg) {
			return carrier{field: field.Name()}, true
		}
	}
	return carrier{}, false
}

// itemParent is the expression an item's span starts from: the context
// the item carries (in an envelope or in itself), else the stage's.
func (fn *funcState) itemParent(elem types.Type, envelope bool, item, stage string) string {
	if envelope {
		return item + ".Context(" + stage + ")"
	}
	if c, ok := carrierOf(fn.f.p.pkg.Types, elem); ok && item != "" {
		fn.f.p.usesEnvelope = true
		if c.method {
			return envelopeParent + "(" + item + ".Context(), " + stage + ")"
		}
		return envelopeParent + "(" + item + "." + c.field + ", " + stage + ")"
	}
	return stage
}

// carriesContexts reports whether items sent on ch carry a context: in
// envelopes, or in themselves.
func (p *pkgState) carriesContexts(ch ast.Expr) bool {
	return p.pipes.converted(ch) || isCarrierChan(p.pkg.Types, p.info.TypeOf(ch))
}

// planRange plans a span per item of a range loop over a channel, and,
// for a channel carried in envelopes, unwraps each item's value.
func (fn *funcState) planRange(rs *ast.RangeStmt) {
	f := fn.f
	ch, ok := f.p.info.TypeOf(rs.X).Underlying().(*types.Chan)
	if !ok {
		return
	}
	envelope := f.p.pipes.converted(rs.X)
	expr, isVar, hasCtx := fn.ctxAt(rs.Pos())
	if f.p.cfg.NoPipelines || ignored(f.dstOf(rs).Decorations().Start) {
		hasCtx = false
	}
	if _, carries := carrierOf(f.p.pkg.Types, ch.Elem()); !f.p.cfg.AllSpans && !envelope && !carries && !f.p.rule.itemWorks(rs.Body) {
		hasCtx = false // an item's trivial processing gets no span
	}
	if !hasCtx && !envelope {
		return
	}
	taken := fn.takenIn(rs)
	item := ""
	if id, ok := rs.Key.(*ast.Ident); ok && id.Name != "_" {
		item = id.Name
	}
	var words []string
	if envelope && item == "" && rs.Key == nil && hasCtx {
		item = freshName("item", taken)
		words = append(words, wordRangeVar)
	}
	itemCtx := expr
	if hasCtx && !isVar {
		itemCtx = freshName("ctx", taken)
	}
	if hasCtx {
		fn.overrides = append(fn.overrides, override{rs.Body.Pos(), rs.Body.End(), itemCtx})
	}
	site := &Site{Span: freshName("span", taken), Tracer: f.p.tracer, Pkg: f.imports.names,
		Name:   fn.nameOf(rs.Pos()) + "/range " + exprText(rs.X),
		Parent: fn.itemParent(ch.Elem(), envelope, item, expr)}
	c, isCarrier := carrierOf(f.p.pkg.Types, ch.Elem())
	where := f.position(rs.Pos()).String()
	fn.applies = append(fn.applies, func() error {
		d := f.dstOf(rs).(*dst.RangeStmt)
		var head []dst.Stmt
		if envelope && item != "" && len(words) == 0 {
			unwrap, err := parseStmt(item + " := " + item + ".Value")
			if err != nil {
				return err
			}
			mark(unwrap)
			head = append(head, unwrap)
		}
		if !hasCtx {
			insertTop(d.Body, head)
			f.changed = true
			return nil
		}
		if len(words) > 0 {
			d.Key, d.Tok = dst.NewIdent(item), token.DEFINE
		}
		if isCarrier && !c.method && !envelope && item != "" && usesName(d.Body, item) {
			// A forwarded item must carry this stage's span, not the one it
			// arrived with, for the next stage's span to descend from it.
			set, err := parseStmt(item + "." + c.field + " = " + itemCtx)
			if err != nil {
				return err
			}
			mark(set)
			head = append(head, set)
		}
		if err := fn.startItem(d.Body, &d.Body.List, head, site, itemCtx, where, words); err != nil {
			return err
		}
		return nil
	})
}

// startItem puts the item span's start (and head) at the top of *list and
// its end on every way out.
func (fn *funcState) startItem(scope dst.Node, list *[]dst.Stmt, head []dst.Stmt, site *Site, itemCtx, where string, words []string) error {
	f := fn.f
	site.Ctx = "_"
	if usesName(scope, itemCtx) || len(head) > 0 && usesName(&dst.BlockStmt{List: head}, itemCtx) {
		site.Ctx = itemCtx
	}
	for _, s := range head {
		if assignsFrom(s, itemCtx) {
			site.Ctx = itemCtx
		}
	}
	start, err := f.p.tmpls.stmts(tmplItem, site, where, words...)
	if err != nil {
		return err
	}
	var renderErr error
	end := func() dst.Stmt {
		stmts, err := f.p.tmpls.stmts(tmplItemEnd, site, where)
		if err != nil {
			renderErr = err
			return &dst.EmptyStmt{Implicit: true}
		}
		f.note(stmts[0])
		return stmts[0]
	}
	body := insertEnds(*list, end)
	if renderErr != nil {
		return renderErr
	}
	*list = append(append(append([]dst.Stmt{}, start...), head...), body...)
	for _, s := range append(start, head...) {
		f.note(s)
	}
	return nil
}

// assignsFrom reports whether the injected statement s reads name.
func assignsFrom(s dst.Stmt, name string) bool {
	as, ok := s.(*dst.AssignStmt)
	if !ok {
		return false
	}
	for _, r := range as.Rhs {
		if id, ok := r.(*dst.Ident); ok && id.Name == name {
			return true
		}
	}
	return false
}

// planSelectCase plans a span per item received by a select case inside
// a loop, and unwraps envelopes.
func (fn *funcState) planSelectCase(cc *ast.CommClause, inLoop bool) {
	f := fn.f
	as, ok := cc.Comm.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return
	}
	recv, ok := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW {
		return
	}
	ch, ok := f.p.info.TypeOf(recv.X).Underlying().(*types.Chan)
	if !ok {
		return
	}
	envelope := f.p.pipes.converted(recv.X)
	expr, isVar, hasCtx := fn.ctxAt(cc.Pos())
	if f.p.cfg.NoPipelines || !inLoop {
		hasCtx = false
	}
	if _, carries := carrierOf(f.p.pkg.Types, ch.Elem()); !f.p.cfg.AllSpans && !envelope && !carries && !f.p.rule.itemWorks(&ast.BlockStmt{List: cc.Body}) {
		hasCtx = false // an item's trivial processing gets no span
	}
	if !hasCtx && !envelope {
		return
	}
	taken := fn.takenIn(cc)
	value := as.Lhs[0].(*ast.Ident).Name
	item := value
	if envelope && value != "_" {
		item = freshName("item", taken)
	}
	if value == "_" {
		item = ""
	}
	itemCtx := expr
	if hasCtx && !isVar {
		itemCtx = freshName("ctx", taken)
	}
	if hasCtx {
		fn.overrides = append(fn.overrides, override{as.End(), cc.End(), itemCtx})
	}
	site := &Site{Span: freshName("span", taken), Tracer: f.p.tracer, Pkg: f.imports.names,
		Name:   fn.nameOf(cc.Pos()) + "/select " + exprText(recv.X),
		Parent: fn.itemParent(ch.Elem(), envelope, item, expr)}
	where := f.position(cc.Pos()).String()
	fn.applies = append(fn.applies, func() error {
		d := f.dstOf(cc).(*dst.CommClause)
		var head []dst.Stmt
		if envelope && value != "_" {
			d.Comm.(*dst.AssignStmt).Lhs[0].(*dst.Ident).Name = item
			unwrap, err := parseStmt(value + " := " + item + ".Value")
			if err != nil {
				return err
			}
			mark(unwrap, wordRecvVar)
			head = append(head, unwrap)
		}
		if !hasCtx {
			d.Body = append(head, d.Body...)
			f.changed = true
			return nil
		}
		return fn.startItem(&dst.BlockStmt{List: d.Body}, &d.Body, head, site, itemCtx, where, nil)
	})
}

// planSend carries the current context with a sent item: in an envelope,
// or in the item's context field when a composite literal leaves it unset.
func (fn *funcState) planSend(ss *ast.SendStmt, isComm bool) {
	f := fn.f
	ch, ok := f.p.info.TypeOf(ss.Chan).Underlying().(*types.Chan)
	if !ok {
		return
	}
	expr, _, hasCtx := fn.ctxAt(ss.Pos())
	if f.p.pipes.converted(ss.Chan) {
		if !hasCtx {
			expr = "nil"
		}
		f.p.usesEnvelope = true
		fun := envelopeWith
		if tv := f.p.info.Types[ss.Value]; !types.Identical(tv.Type, ch.Elem()) {
			elem, ok := f.typeString(ch.Elem())
			if !ok {
				return
			}
			fun += "[" + elem + "]"
		}
		fn.applies = append(fn.applies, func() error {
			d := f.dstOf(ss).(*dst.SendStmt)
			call, err := parseExpr(fun + "(" + expr + ", _v)")
			if err != nil {
				return err
			}
			call.(*dst.CallExpr).Args[1] = d.Value
			d.Value = call
			f.changed = true
			f.imports.noteUses(call)
			return nil
		})
		return
	}
	c, isCarrier := carrierOf(f.p.pkg.Types, ch.Elem())
	lit, isLit := ss.Value.(*ast.CompositeLit)
	if !hasCtx || f.p.cfg.NoPipelines || isComm || !isCarrier || c.method || !isLit || !setsOnlyByKey(lit, c.field) {
		return
	}
	fn.applies = append(fn.applies, func() error {
		d := f.dstOf(ss).(*dst.SendStmt)
		dlit := d.Value.(*dst.CompositeLit)
		value, err := parseExpr(expr)
		if err != nil {
			return err
		}
		kv := &dst.KeyValueExpr{Key: dst.NewIdent(c.field), Value: value}
		if n := len(dlit.Elts); n > 0 && dlit.Elts[n-1].Decorations().After == dst.NewLine {
			kv.Decs.Before, kv.Decs.After = dst.NewLine, dst.NewLine
		}
		dlit.Elts = append(dlit.Elts, kv)
		mark(d, wordCtxField)
		f.changed = true
		return nil
	})
}

// setsOnlyByKey reports whether lit is keyed (or empty) and leaves field unset.
func setsOnlyByKey(lit *ast.CompositeLit, field string) bool {
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return false
		}
		if id, ok := kv.Key.(*ast.Ident); ok && id.Name == field {
			return false
		}
	}
	return true
}
