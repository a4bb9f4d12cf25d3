package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/dst"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// pipelines decides which channels of a package carry their items in
// carry.Item envelopes. Channels are grouped by the variables, fields,
// parameters, results and make calls one channel value can flow through;
// a group is converted only if all of it is package-local (no exported
// name, no foreign function, no test file, no interface conversion, only
// receive forms otelgen can unwrap) and it has both a send and a receive
// loop, the two ends lineage needs.
type pipelines struct {
	info    *types.Info
	pkg     *types.Package
	parent  map[any]any
	tainted map[any]string // root -> why the group stays plain
	sends   map[any]bool
	loops   map[any]bool
	// spelled maps a slot to the channel type expression declaring it.
	spelled map[any][]*ast.ChanType
	done    map[any]bool // roots of converted groups
	// local holds the package's non-generic functions with bodies;
	// interfaceMethods the method names its interfaces declare.
	local            map[*types.Func]bool
	interfaceMethods map[string]bool
	ends             []end
	callersOf        func(fn ast.Node) *ctxspan.CallerContexts
}

// An elemSlot stands for the channels a variadic ...chan parameter holds.
type elemSlot struct{ v *types.Var }

// variadic returns the slot of the channels in e, a variadic parameter.
func (pp *pipelines) variadic(e ast.Expr) (elemSlot, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return elemSlot{}, false
	}
	v, ok := pp.info.Uses[id].(*types.Var)
	if !ok {
		return elemSlot{}, false
	}
	slot := elemSlot{v}
	_, ok = pp.parent[slot]
	return slot, ok
}

func (pp *pipelines) find(k any) any {
	for {
		p, ok := pp.parent[k]
		if !ok || p == k {
			return k
		}
		pp.parent[k] = pp.parent[p]
		k = p
	}
}

func (pp *pipelines) union(a, b any) {
	if a == nil || b == nil {
		pp.taint(a, "its value comes from an expression otelgen does not follow")
		pp.taint(b, "its value comes from an expression otelgen does not follow")
		return
	}
	ra, rb := pp.find(a), pp.find(b)
	if ra == rb {
		return
	}
	pp.parent[ra] = rb
	if why, ok := pp.tainted[ra]; ok {
		pp.tainted[rb] = why
	}
	pp.sends[rb] = pp.sends[rb] || pp.sends[ra]
	pp.loops[rb] = pp.loops[rb] || pp.loops[ra]
	pp.spelled[rb] = append(pp.spelled[rb], pp.spelled[ra]...)
}

func (pp *pipelines) taint(k any, why string) {
	if k == nil {
		return
	}
	r := pp.find(k)
	if _, ok := pp.tainted[r]; !ok {
		pp.tainted[r] = why
	}
}

// converted reports whether the channel e evaluates to travels in envelopes.
func (pp *pipelines) converted(e ast.Expr) bool {
	if pp == nil {
		return false
	}
	k := pp.key(e)
	return k != nil && pp.done[pp.find(k)]
}

// key returns the slot a channel expression reads: a variable, field or
// result, or a make call.
func (pp *pipelines) key(e ast.Expr) any {
	switch e := ast.Unparen(e).(type) {
	case *ast.IndexExpr:
		if slot, ok := pp.variadic(e.X); ok {
			return slot
		}
	case *ast.Ident:
		if v, ok := pp.info.ObjectOf(e).(*types.Var); ok {
			return v
		}
	case *ast.SelectorExpr:
		if sel, ok := pp.info.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		if v, ok := pp.info.Uses[e.Sel].(*types.Var); ok {
			return v
		}
	case *ast.CallExpr:
		if isBuiltinCall(pp.info, e, "make") {
			return e
		}
		if fn := typeutil.StaticCallee(pp.info, e); fn != nil && pp.local[fn] {
			if r := fn.Type().(*types.Signature).Results(); r.Len() == 1 {
				return r.At(0)
			}
		}
	}
	return nil
}

func isBuiltinCall(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

func isChan(info *types.Info, e ast.Expr) bool {
	t := info.TypeOf(e)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

// findPipelines analyses every file of the package, rewrites the channel
// types of the groups it converts, and returns what it decided.
func findPipelines(p *pkgState, files []*fileState) *pipelines {
	if p.cfg.NoPipelines {
		return nil
	}
	pp := &pipelines{info: p.info, pkg: p.pkg.Types, parent: make(map[any]any), tainted: make(map[any]string),
		sends: make(map[any]bool), loops: make(map[any]bool), spelled: make(map[any][]*ast.ChanType), done: make(map[any]bool),
		local: make(map[*types.Func]bool), interfaceMethods: make(map[string]bool),
		callersOf: p.callersOf}
	rewritable := make(map[*ast.File]bool)
	for _, f := range files {
		rewritable[f.af] = true
	}
	owner := make(map[*types.Var]*types.Func)
	for _, af := range p.pkg.Syntax {
		pp.declarations(af, rewritable[af], owner)
	}
	for _, af := range p.pkg.Syntax {
		pp.flows(af, rewritable[af])
	}
	for v, fn := range owner {
		switch {
		case fn.Exported():
			pp.taint(v, "it crosses the exported API of "+fn.Name())
		case pp.interfaceMethods[fn.Name()] && fn.Type().(*types.Signature).Recv() != nil:
			pp.taint(v, "method "+fn.Name()+" may implement an interface")
		}
	}
	for k := range pp.parent {
		if v, ok := k.(*types.Var); ok {
			switch {
			case v.Pkg() != p.pkg.Types:
				pp.taint(v, "it comes from package "+v.Pkg().Path())
			case v.IsField() && v.Exported():
				pp.taint(v, "it is the exported field "+v.Name())
			case v.Parent() == p.pkg.Types.Scope() && v.Exported():
				pp.taint(v, "it is the exported variable "+v.Name())
			}
		}
	}
	for k := range pp.parent {
		r := pp.find(k)
		if pp.done[r] {
			continue
		}
		if _, bad := pp.tainted[r]; bad || !pp.sends[r] || !pp.loops[r] {
			continue
		}
		pp.done[r] = true
	}
	pp.dropContextless(p.cfg.Log, func(k any) string { return positionOfKey(p, k) })
	pp.logTainted(p, files)
	pp.rewriteTypes(files)
	return pp
}

// logTainted explains, one line each, why channels of the files otelgen
// rewrites were left plain; channels declared elsewhere (test files, other
// packages, the standard library) or used by files otelgen does not
// rewrite get one line for the package, with their count.
func (pp *pipelines) logTainted(p *pkgState, files []*fileState) {
	own := make(map[string]bool)
	for _, f := range files {
		own[f.name] = true
	}
	var lines []string
	elsewhere := 0
	for r, why := range pp.tainted {
		if pp.find(r) != r || !pp.loops[r] || why == carriesOwn {
			continue
		}
		if why == whyNotRewritten || why == whyUsedElsewhere || !own[p.pkg.Fset.Position(keyPos(r)).Filename] {
			elsewhere++
			continue
		}
		lines = append(lines, positionOfKey(p, r)+": channel left plain (items keep no lineage): "+why)
	}
	slices.Sort(lines)
	for _, line := range lines {
		p.cfg.Log("%s", line)
	}
	if elsewhere > 0 {
		p.cfg.Log("%s: %d channels left plain: declared in or used by files otelgen does not rewrite (tests, generated files, other packages)", p.pkg.PkgPath, elsewhere)
	}
}

// Why channels are left plain, as logTainted counts them.
const (
	whyNotRewritten  = "it is declared in a file otelgen does not rewrite"
	whyUsedElsewhere = "a file otelgen does not rewrite uses it"
)

// carriesOwn is why a channel whose items carry a context needs no envelope.
const carriesOwn = "its items carry their own context"

func isCarrierChan(pkg *types.Package, t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	if !ok {
		return false
	}
	_, ok = carrierOf(pkg, ch.Elem())
	return ok
}

func positionOfKey(p *pkgState, k any) string {
	position := p.pkg.Fset.Position(keyPos(k))
	position.Filename = relName(position.Filename)
	return position.String()
}

func keyPos(k any) token.Pos {
	switch k := k.(type) {
	case *types.Var:
		return k.Pos()
	case ast.Node:
		return k.Pos()
	}
	return token.NoPos
}

// declarations records the channel type spelled for each parameter,
// result, variable and field, and which function owns each parameter.
func (pp *pipelines) declarations(af *ast.File, rewritable bool, owner map[*types.Var]*types.Func) {
	fieldList := func(fl *ast.FieldList, vars *types.Tuple, fn *types.Func) {
		if fl == nil {
			return
		}
		i := 0
		for _, field := range fl.List {
			n := max(len(field.Names), 1)
			for range n {
				if i < vars.Len() {
					pp.slot(vars.At(i), field.Type, rewritable)
					if fn != nil {
						owner[vars.At(i)] = fn
					}
				}
				i++
			}
		}
	}
	ast.Inspect(af, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			fn, _ := pp.info.Defs[n.Name].(*types.Func)
			if fn == nil {
				return true
			}
			sig := fn.Type().(*types.Signature)
			if n.Body != nil && sig.TypeParams() == nil && sig.RecvTypeParams() == nil {
				pp.local[fn] = true
			}
			fieldList(n.Type.Params, sig.Params(), fn)
			fieldList(n.Type.Results, sig.Results(), fn)
			if sig.TypeParams() != nil || sig.RecvTypeParams() != nil {
				for i := range sig.Params().Len() {
					pp.taint(sig.Params().At(i), "it is a parameter of a generic function")
				}
			}
			if sig.Variadic() {
				last := n.Type.Params.List[len(n.Type.Params.List)-1]
				if ell, ok := last.Type.(*ast.Ellipsis); ok {
					slot := elemSlot{sig.Params().At(sig.Params().Len() - 1)}
					pp.slot(slot, ell.Elt, rewritable)
					if fn.Exported() || sig.Recv() != nil || sig.TypeParams() != nil {
						pp.taint(slot, "it crosses the variadic parameter of "+fn.Name())
					}
				}
			}
		case *ast.FuncLit:
			if sig, ok := pp.info.TypeOf(n).(*types.Signature); ok {
				fieldList(n.Type.Params, sig.Params(), nil)
				fieldList(n.Type.Results, sig.Results(), nil)
			}
		case *ast.ValueSpec:
			if n.Type != nil {
				for _, name := range n.Names {
					if v, ok := pp.info.Defs[name].(*types.Var); ok {
						pp.slot(v, n.Type, rewritable)
					}
				}
			}
		case *ast.InterfaceType:
			for _, m := range n.Methods.List {
				for _, name := range m.Names {
					pp.interfaceMethods[name.Name] = true
				}
			}
		case *ast.StructType:
			for _, field := range n.Fields.List {
				for _, name := range field.Names {
					if v, ok := pp.info.Defs[name].(*types.Var); ok {
						pp.slot(v, field.Type, rewritable)
					}
				}
				if len(field.Names) == 0 && isChan(pp.info, field.Type) {
					pp.taint(pp.info.TypeOf(field.Type), "it is an embedded field")
				}
			}
		case *ast.CallExpr:
			if isBuiltinCall(pp.info, n, "make") && len(n.Args) > 0 && isChan(pp.info, n.Args[0]) {
				pp.slot(n, n.Args[0], rewritable)
			}
		}
		return true
	})
}

// slot registers k, declared with the type expression typ.
func (pp *pipelines) slot(k any, typ ast.Expr, rewritable bool) {
	if !isChan(pp.info, typ) {
		return
	}
	pp.parent[k] = pp.find(k)
	ct, ok := typ.(*ast.ChanType)
	switch {
	case ok && isCarrierChan(pp.pkg, pp.info.TypeOf(typ)):
		pp.taint(k, carriesOwn)
	case !rewritable:
		pp.taint(k, whyNotRewritten)
	case !ok:
		pp.taint(k, "its type is a named or parenthesised channel type")
	default:
		r := pp.find(k)
		pp.spelled[r] = append(pp.spelled[r], ct)
	}
}

// flows unites the slots one channel value passes through, and taints
// every use otelgen cannot rewrite.
func (pp *pipelines) flows(af *ast.File, rewritable bool) {
	handled := make(map[ast.Expr]bool)
	var sigs []*types.Signature
	var stack []ast.Node
	ast.Inspect(af, func(n ast.Node) bool {
		if n == nil {
			if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
				sigs = sigs[:len(sigs)-1]
			} else if _, ok := stack[len(stack)-1].(*ast.FuncDecl); ok {
				sigs = sigs[:len(sigs)-1]
			}
			stack = stack[:len(stack)-1]
			return true
		}
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch n := n.(type) {
		case *ast.FuncDecl:
			sig, _ := pp.info.Defs[n.Name].Type().(*types.Signature)
			sigs = append(sigs, sig)
		case *ast.FuncLit:
			sig, _ := pp.info.TypeOf(n).(*types.Signature)
			sigs = append(sigs, sig)
		case *ast.AssignStmt:
			pp.assign(n.Lhs, n.Rhs, handled)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, name := range n.Names {
				lhs[i] = name
			}
			pp.assign(lhs, n.Values, handled)
		case *ast.ReturnStmt:
			if len(sigs) > 0 && sigs[len(sigs)-1] != nil && len(n.Results) == sigs[len(sigs)-1].Results().Len() {
				for i, r := range n.Results {
					if isChan(pp.info, r) {
						pp.union(sigs[len(sigs)-1].Results().At(i), pp.key(r))
						handled[r] = true
					}
				}
			}
		case *ast.CallExpr:
			pp.call(n, handled, rewritable)
		case *ast.SendStmt:
			handled[n.Chan] = true
			pp.sends[pp.find(pp.keyOrNil(n.Chan))] = true
			pp.recordEnd(pp.keyOrNil(n.Chan), n.Pos(), stack, true)
		case *ast.RangeStmt:
			if slot, ok := pp.variadic(n.X); ok {
				if v, ok := n.Value.(*ast.Ident); ok && n.Tok == token.DEFINE {
					pp.union(slot, pp.keyOrNil(v))
				} else if n.Value != nil {
					pp.taint(slot, "a range loop assigns its channels to existing variables")
				}
			}
			if isChan(pp.info, n.X) {
				handled[n.X] = true
				k := pp.keyOrNil(n.X)
				if n.Tok == token.ASSIGN {
					pp.taint(k, "a range loop assigns its items to existing variables")
				} else if n.Key != nil || n.Tok == token.ILLEGAL {
					pp.loops[pp.find(k)] = true
					pp.recordEnd(k, n.Pos(), stack, false)
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				handled[n.X] = true
				k := pp.keyOrNil(n.X)
				if !pp.unwrappable(n, parent, stack) {
					pp.taint(k, "it is received from outside a range loop or select case")
				} else if _, isAssign := parent.(*ast.AssignStmt); isAssign && k != nil {
					pp.loops[pp.find(k)] = true
					pp.recordEnd(k, n.Pos(), stack, false)
				}
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok && isChan(pp.info, n.Value) {
				if v, ok := pp.info.Uses[id].(*types.Var); ok && v.IsField() {
					pp.union(v, pp.key(n.Value))
					handled[n.Value] = true
				}
			}
		case *ast.Ident, *ast.SelectorExpr:
			e := n.(ast.Expr)
			if slot, ok := pp.variadic(e); ok && !variadicUseOK(pp.info, e, parent) {
				pp.taint(slot, "the variadic parameter is used other than ranged over or indexed")
			}
			if sel, ok := parent.(*ast.SelectorExpr); ok && sel.Sel == e {
				return true
			}
			if fn, ok := pp.info.Uses[selOrIdent(e)].(*types.Func); ok && pp.local[fn] {
				if call, ok := parent.(*ast.CallExpr); !ok || call.Fun != e {
					sig := fn.Type().(*types.Signature)
					for _, t := range []*types.Tuple{sig.Params(), sig.Results()} {
						for i := range t.Len() {
							pp.taint(t.At(i), fn.Name()+" is used as a function value")
						}
					}
				}
				return true
			}
			if _, isDef := pp.info.Defs[identOrNil(e)]; isDef || !isChan(pp.info, e) || handled[e] {
				return true
			}
			if _, isType := pp.info.Types[e]; isType && pp.info.Types[e].IsType() {
				return true
			}
			if !rewritable {
				pp.taint(pp.keyOrNil(e), whyUsedElsewhere)
			} else {
				pp.taint(pp.keyOrNil(e), "it is used as a value otelgen does not follow")
			}
		}
		return true
	})
}

// variadicUseOK reports whether the use e of a variadic parameter of
// channels only reads its channels where they are followed.
func variadicUseOK(info *types.Info, e ast.Expr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.RangeStmt:
		return p.X == e
	case *ast.IndexExpr:
		return p.X == e
	case *ast.CallExpr:
		return isBuiltinCall(info, p, "len") || isBuiltinCall(info, p, "cap")
	}
	return false
}

func selOrIdent(e ast.Expr) *ast.Ident {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		return sel.Sel
	}
	return identOrNil(e)
}

func identOrNil(e ast.Expr) *ast.Ident {
	id, _ := e.(*ast.Ident)
	return id
}

// keyOrNil is key, but registers a slot for a key seen only in uses.
func (pp *pipelines) keyOrNil(e ast.Expr) any {
	k := pp.key(e)
	if k != nil {
		if _, ok := pp.parent[k]; !ok {
			pp.parent[k] = k
		}
	}
	return k
}

func (pp *pipelines) assign(lhs, rhs []ast.Expr, handled map[ast.Expr]bool) {
	switch {
	case len(lhs) == len(rhs):
		for i := range lhs {
			if isChan(pp.info, rhs[i]) {
				handled[lhs[i]], handled[rhs[i]] = true, true
				if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
					continue
				}
				pp.union(pp.keyOrNil(lhs[i]), pp.keyOrNil(rhs[i]))
			}
		}
	case len(rhs) == 1:
		call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
		if !ok {
			for _, l := range lhs {
				if isChan(pp.info, l) {
					pp.taint(pp.keyOrNil(l), "it is assigned from a comma-ok expression")
					handled[l] = true
				}
			}
			return
		}
		fn := typeutil.StaticCallee(pp.info, call)
		for i, l := range lhs {
			if !isChan(pp.info, l) {
				continue
			}
			handled[l] = true
			if fn == nil || !pp.local[fn] {
				pp.taint(pp.keyOrNil(l), "it is returned by a call otelgen does not follow")
				continue
			}
			pp.union(pp.keyOrNil(l), fn.Type().(*types.Signature).Results().At(i))
		}
	}
}

// call unites the channel arguments of a call of a package function with
// its parameters; any other call taints them.
func (pp *pipelines) call(call *ast.CallExpr, handled map[ast.Expr]bool, rewritable bool) {
	for _, name := range []string{"close", "len", "cap"} {
		if isBuiltinCall(pp.info, call, name) {
			for _, a := range call.Args {
				handled[a] = true
			}
			return
		}
	}
	if isBuiltinCall(pp.info, call, "make") {
		return
	}
	fn := typeutil.StaticCallee(pp.info, call)
	local := fn != nil && pp.local[fn]
	for i, arg := range call.Args {
		if !isChan(pp.info, arg) {
			continue
		}
		handled[arg] = true
		var sig *types.Signature
		if local {
			sig = fn.Type().(*types.Signature)
		}
		if local && sig.Variadic() && i >= sig.Params().Len()-1 && !call.Ellipsis.IsValid() {
			pp.union(elemSlot{sig.Params().At(sig.Params().Len() - 1)}, pp.keyOrNil(arg))
			continue
		}
		if !local || sig == nil || i >= sig.Params().Len() || call.Ellipsis.IsValid() {
			why := "it is passed to a function otelgen does not rewrite"
			if fn != nil {
				why = "it is passed to " + fn.FullName()
			}
			pp.taint(pp.keyOrNil(arg), why)
			continue
		}
		pp.union(sig.Params().At(i), pp.keyOrNil(arg))
	}
}

// unwrappable reports whether a receive's item can be unwrapped: it is a
// range loop's or select case's, or it is discarded.
func (pp *pipelines) unwrappable(recv *ast.UnaryExpr, parent ast.Node, stack []ast.Node) bool {
	switch p := parent.(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		if len(stack) >= 3 {
			if cc, ok := stack[len(stack)-3].(*ast.CommClause); ok && cc.Comm == p && p.Tok == token.DEFINE {
				return true
			}
		}
	}
	return false
}

// rewriteTypes turns `chan T` into `chan otelgenItem[T]` wherever a
// converted group spells its type.
func (pp *pipelines) rewriteTypes(files []*fileState) {
	for r := range pp.done {
		for _, ct := range pp.spelled[r] {
			for _, f := range files {
				d, ok := f.dstOf(ct).(*dst.ChanType)
				if !ok {
					continue
				}
				d.Value = &dst.IndexExpr{X: dst.NewIdent(envelopeType), Index: d.Value}
				f.p.usesEnvelope = true
				f.changed = true
			}
		}
	}
}
