package recordrace

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"
)

// A stepKind is one selection on the way from a variable to the memory an
// access touches: a struct field, a slice or array element, or a map entry.
type stepKind int

const (
	fieldStep stepKind = iota
	indexStep
	mapStep
)

type step struct {
	kind  stepKind
	field string         // fieldStep: the field's name
	index ast.Expr       // indexStep, mapStep: the index expression
	value constant.Value // the index's constant value, or nil
}

// A writeKind says what a write does, for the diagnostic's wording.
type writeKind int

const (
	notWrite     writeKind = iota
	varWrite               // v = x, v++, v += x, *p = x
	appendWrite            // v = append(v, ...)
	elementWrite           // v[k] = x, v[k].F = x
	fieldWrite             // v.F = x
	mapWrite               // m[k] = x, delete(m, k)
)

// An access is one use of a local variable: the path of fields and indices
// it follows (pointer indirections are dropped: they do not change which
// memory two paths name) and whether it stores to that memory.
type access struct {
	v    *types.Var
	path []step
	kind writeKind
	// target is the outermost expression of the path: the left-hand side
	// of a write, or the operand of delete.
	target ast.Expr
	// node is where the write happens, for lock lookups and reports: target,
	// or the delete call.
	node ast.Node
	cur  inspector.Cursor
	// pointer: the accessed value (at the end of path) is a pointer.
	pointer bool
	// privateAt is, for a goroutine's write, the position in path of the
	// first index step whose index is private to the goroutine instance,
	// or -1. Such a write touches an element no other instance writes.
	privateAt int
}

func (a *access) write() bool      { return a.kind != notWrite }
func (a *access) pos() token.Pos   { return a.node.Pos() }
func (a *access) wholeVar() bool   { return len(a.path) == 0 }
func (a *access) isPrivate() bool  { return a.privateAt >= 0 }
func (a *access) describe() string { return exprString(a.target) }
func (a *access) mapOperand() string {
	if call, ok := a.node.(*ast.CallExpr); ok && len(call.Args) > 0 {
		return exprString(call.Args[0])
	}
	if ix, ok := ast.Unparen(a.target).(*ast.IndexExpr); ok {
		return exprString(ix.X)
	}
	return a.describe()
}

// localVar returns the local variable id uses (not a field, not a
// package-level variable), or nil.
func localVar(info *types.Info, id *ast.Ident) *types.Var {
	v, ok := info.Uses[id].(*types.Var)
	if !ok || v.IsField() || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
		return nil
	}
	return v
}

// accessOf describes the use of v by the identifier at cur, or reports false
// when the use is not an access: the receiver of a pointer-receiver method
// call, which this analyzer does not look into.
func accessOf(info *types.Info, cur inspector.Cursor, v *types.Var) (access, bool) {
	a := access{v: v, cur: cur, privateAt: -1}
	top := cur
climb:
	for {
		parent := top.Parent()
		switch n := parent.Node().(type) {
		case *ast.ParenExpr, *ast.StarExpr:
		case *ast.SelectorExpr:
			if top.ParentEdgeKind() != edge.SelectorExpr_X {
				break climb
			}
			sel, ok := info.Selections[n]
			if !ok {
				break climb
			}
			if sel.Kind() != types.FieldVal {
				if pointerReceiver(sel) {
					return access{}, false
				}
				break climb
			}
			a.path = append(a.path, step{kind: fieldStep, field: n.Sel.Name})
		case *ast.IndexExpr:
			if top.ParentEdgeKind() != edge.IndexExpr_X {
				break climb
			}
			a.path = append(a.path, indexStepOf(info, n))
		default:
			break climb
		}
		top = parent
	}
	a.target, _ = top.Node().(ast.Expr)
	if tv, ok := info.Types[a.target]; ok && tv.Type != nil {
		_, a.pointer = tv.Type.Underlying().(*types.Pointer)
	}
	a.node = top.Node()
	a.kind = writeKindOf(info, top, a.path)
	if a.kind == mapWrite {
		if call, ok := top.Parent().Node().(*ast.CallExpr); ok && isBuiltin(info, call, "delete") {
			a.node = call
		}
	}
	return a, true
}

func pointerReceiver(sel *types.Selection) bool {
	sig, ok := sel.Obj().Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	_, ptr := types.Unalias(sig.Recv().Type()).(*types.Pointer)
	return ptr
}

func indexStepOf(info *types.Info, ix *ast.IndexExpr) step {
	s := step{kind: indexStep, index: ix.Index}
	if tv, ok := info.Types[ix.X]; ok && tv.Type != nil {
		if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
			s.kind = mapStep
		}
	}
	if tv, ok := info.Types[ix.Index]; ok {
		s.value = tv.Value
	}
	return s
}

// writeKindOf reports whether the expression at top (the end of an access
// path) is stored to, and how.
func writeKindOf(info *types.Info, top inspector.Cursor, path []step) writeKind {
	stored, isAppend, isDelete := false, false, false
	switch p := top.Parent().Node().(type) {
	case *ast.AssignStmt:
		// nc, err := Connect() stores to an err declared before in the
		// same scope: only the names it declares are not stores.
		if top.ParentEdgeKind() == edge.AssignStmt_Lhs && (p.Tok != token.DEFINE || redeclared(info, top.Node())) {
			stored = true
			if i := top.ParentEdgeIndex(); len(p.Rhs) == len(p.Lhs) {
				isAppend = isAppendTo(info, p.Rhs[i], p.Lhs[i])
			}
		}
	case *ast.IncDecStmt:
		stored = true
	case *ast.RangeStmt:
		k := top.ParentEdgeKind()
		stored = p.Tok == token.ASSIGN && (k == edge.RangeStmt_Key || k == edge.RangeStmt_Value)
	case *ast.CallExpr:
		isDelete = top.ParentEdgeKind() == edge.CallExpr_Args && top.ParentEdgeIndex() == 0 && isBuiltin(info, p, "delete")
		stored = isDelete
	}
	switch {
	case !stored:
		return notWrite
	case isDelete, len(path) > 0 && path[len(path)-1].kind == mapStep:
		return mapWrite
	case isAppend:
		return appendWrite
	case len(path) == 0:
		return varWrite
	}
	for _, s := range path {
		if s.kind == indexStep {
			return elementWrite
		}
	}
	return fieldWrite
}

// isAppendTo reports whether rhs is append(lhs, ...).
func isAppendTo(info *types.Info, rhs, lhs ast.Expr) bool {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	return ok && len(call.Args) > 0 && isBuiltin(info, call, "append") &&
		exprString(call.Args[0]) == exprString(lhs)
}

func isBuiltin(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// overlaps reports whether two paths from the same variable can name the
// same memory: one is a prefix of the other, up to indices that may be
// equal (two different constants never are).
func overlaps(p, q []step) bool {
	for i := range min(len(p), len(q)) {
		a, b := p[i], q[i]
		if a.kind != b.kind {
			return true // cannot happen along one variable's type; assume they meet
		}
		switch a.kind {
		case fieldStep:
			if a.field != b.field {
				return false
			}
		default:
			if a.value != nil && b.value != nil && !constant.Compare(a.value, token.EQL, b.value) {
				return false
			}
		}
	}
	return true
}

// touches reports whether a can touch the memory w writes. Reading a
// pointer that leads to it (return r, f(r)) only copies the pointer.
func touches(w, a *access) bool {
	if !a.write() && a.pointer && len(a.path) < len(w.path) {
		return false
	}
	return overlaps(w.path, a.path)
}

// conflicts reports whether the goroutine's write w and another access a
// (by another goroutine, another instance of the same one, or the parent)
// of the same variable race. A write to an element private to the
// goroutine instance races only with writes of the container itself
// (appending to or reassigning the slice), which move the elements.
func conflicts(w, a *access) bool {
	if !touches(w, a) {
		return false
	}
	if !w.isPrivate() {
		return true
	}
	return a.write() && len(a.path) <= w.privateAt
}

// redeclared reports whether n, on the left of :=, names a variable
// declared before rather than a new one.
func redeclared(info *types.Info, n ast.Node) bool {
	id, ok := n.(*ast.Ident)
	return ok && info.Defs[id] == nil
}
