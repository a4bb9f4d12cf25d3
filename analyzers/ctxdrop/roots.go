package ctxdrop

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// checkRootContexts reports context.Background() and context.TODO() calls
// made where a caller's context is visible.
func (c *funcChecker) checkRootContexts() {
	info := c.pass.TypesInfo
	for cur := range c.fn.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		name, ok := ctxspan.RootContextCall(info, call)
		if !ok || compared(cur) || c.storedOutside(cur) || c.forShutdown(cur) {
			continue
		}
		visible, ok := c.visibleAt(call.Pos())
		if !ok {
			continue
		}
		// Deliberate detachment is reported only with -detached, unless
		// it parents a span: the trace breaks there whatever the intent.
		detached := c.detachedOnPurpose(cur, visible.Var)
		if detached && !flags.detached && !c.feedsSpan(cur) {
			continue
		}
		use, fixable := visible.Expr, true
		var edits []analysis.TextEdit
		if deferred(cur) || detached {
			// Deferred code often runs after the caller's context is
			// done, and wants a root context for exactly that reason:
			// keep the context's values but not its cancellation. So
			// does detached code.
			use, fixable = c.withoutCancel(call, visible.Expr)
		} else {
			edits = c.deleteImportIfLastUse(call)
		}
		d := analysis.Diagnostic{
			Pos:     call.Pos(),
			End:     call.End(),
			Message: fmt.Sprintf("context.%s() drops %s, the caller's context; pass %s", name, visible.Expr, use),
		}
		if fixable {
			edits = append(edits, analysis.TextEdit{Pos: call.Pos(), End: call.End(), NewText: []byte(use)})
			d.SuggestedFixes = []analysis.SuggestedFix{{Message: "Pass " + use, TextEdits: edits}}
		}
		c.filter.Report(d)
	}
}

// compared reports whether the call at cur is an operand of a comparison
// ("ctx == context.Background()"), which passes no context anywhere.
func compared(cur inspector.Cursor) bool {
	parent := cur.Parent()
	for {
		if _, ok := parent.Node().(*ast.ParenExpr); !ok {
			break
		}
		parent = parent.Parent()
	}
	_, ok := parent.Node().(*ast.BinaryExpr)
	return ok
}

// storedOutside reports whether the root context made at cur, directly or
// through context.With... derivations, is stored outside the function's
// locals: in a field, a package-level variable or a composite literal.
// Such a context is meant to outlive the call, as in a server's lazily
// started background work, so the caller's context is the wrong parent.
func (c *funcChecker) storedOutside(cur inspector.Cursor) bool {
	expr, parent := c.derivedUse(cur)
	switch n := parent.Node().(type) {
	case *ast.KeyValueExpr:
		_, inLiteral := parent.Parent().Node().(*ast.CompositeLit)
		return inLiteral && n.Value == expr.Node()
	case *ast.CompositeLit:
		return true
	case *ast.AssignStmt:
		lhs := assignedTo(n, expr.Node())
		if lhs == nil {
			return false
		}
		id, ok := ast.Unparen(lhs).(*ast.Ident)
		if !ok {
			return true // a field, an element, or *p
		}
		v, ok := c.pass.TypesInfo.ObjectOf(id).(*types.Var)
		return ok && !c.declaredInside(v)
	}
	return false
}

// derivedUse climbs from the root context made at cur through
// parentheses and context.With... derivations of it, and returns the
// outermost such expression and the node that uses it.
func (c *funcChecker) derivedUse(cur inspector.Cursor) (expr, parent inspector.Cursor) {
	expr, parent = cur, cur.Parent()
	for {
		switch n := parent.Node().(type) {
		case *ast.ParenExpr:
		case *ast.CallExpr:
			fn := ctxspan.Callee(c.pass.TypesInfo, n)
			if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != ctxspan.ContextPkg ||
				!strings.HasPrefix(fn.Name(), "With") || len(n.Args) == 0 || n.Args[0] != expr.Node() {
				return expr, parent
			}
		default:
			return expr, parent
		}
		expr, parent = parent, parent.Parent()
	}
}

// assignedTo returns the left-hand side of as that receives the value of
// rhs, one of its right-hand sides, or nil when rhs is not one.
func assignedTo(as *ast.AssignStmt, rhs ast.Node) ast.Expr {
	i := slices.IndexFunc(as.Rhs, func(e ast.Expr) bool { return e == rhs })
	if i < 0 {
		return nil
	}
	if len(as.Lhs) == len(as.Rhs) {
		return as.Lhs[i]
	}
	return as.Lhs[0] // ctx, cancel := context.WithCancel(...)
}

// deferred reports whether the code at cur runs when its function returns.
func deferred(cur inspector.Cursor) bool {
	for range cur.Enclosing((*ast.DeferStmt)(nil)) {
		return true
	}
	return false
}

// withoutCancel returns "context.WithoutCancel(ctx)", qualified like the
// call of context.Background it replaces, and whether that is a valid fix:
// not if the file's Go version predates context.WithoutCancel, or the call
// is not qualified by the package name.
func (c *funcChecker) withoutCancel(call *ast.CallExpr, ctx string) (string, bool) {
	use := "context.WithoutCancel(" + ctx + ")"
	if v := c.pass.TypesInfo.FileVersions[c.file]; v != "" && version.Compare(v, "go1.21") < 0 {
		return use, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return use, false
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return use, false
	}
	return pkg.Name + ".WithoutCancel(" + ctx + ")", true
}

// visibleAt returns the caller's context visible at pos, unless that
// context is known to be nil at pos, as in
//
//	if ctx == nil {
//		ctx = context.Background() // a defensive default
//	}
//
// where passing ctx would be no fix.
func (c *funcChecker) visibleAt(pos token.Pos) (ctxspan.Visible, bool) {
	visible, ok := c.callers.At(pos)
	if !ok {
		return visible, false
	}
	if c.nilGuards == nil {
		c.nilGuards = nilGuards(c.pass.TypesInfo, c.fn.Node())
	}
	for _, region := range c.nilGuards[visible.Var] {
		if region.Pos() <= pos && pos < region.End() {
			return ctxspan.Visible{}, false
		}
	}
	return visible, true
}

// nilGuards returns, for each variable v, the statements where v is nil:
// the body of "if v == nil" and the else branch of "if v != nil".
func nilGuards(info *types.Info, root ast.Node) map[*types.Var][]ast.Stmt {
	guards := make(map[*types.Var][]ast.Stmt)
	ast.Inspect(root, func(n ast.Node) bool {
		ifStmt, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		v, op := nilComparedVar(info, ifStmt.Cond)
		switch {
		case v == nil:
		case op == token.EQL:
			guards[v] = append(guards[v], ifStmt.Body)
		case op == token.NEQ && ifStmt.Else != nil:
			guards[v] = append(guards[v], ifStmt.Else)
		}
		return true
	})
	return guards
}

// nilComparedVar returns v and the operator if cond is "v == nil" or
// "v != nil" (either way round).
func nilComparedVar(info *types.Info, cond ast.Expr) (*types.Var, token.Token) {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || (bin.Op != token.EQL && bin.Op != token.NEQ) {
		return nil, 0
	}
	isNil := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && tv.IsNil()
	}
	for _, pair := range [][2]ast.Expr{{bin.X, bin.Y}, {bin.Y, bin.X}} {
		id, ok := ast.Unparen(pair[0]).(*ast.Ident)
		if !ok || !isNil(pair[1]) {
			continue
		}
		if v, ok := info.Uses[id].(*types.Var); ok {
			return v, bin.Op
		}
	}
	return nil, 0
}

// deleteImportIfLastUse returns the edit that deletes the import of the
// package qualifying call's function when call is the file's only use of
// it, so that replacing the call leaves no unused import behind.
func (c *funcChecker) deleteImportIfLastUse(call *ast.CallExpr) []analysis.TextEdit {
	info := c.pass.TypesInfo
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	pkgName, ok := info.Uses[id].(*types.PkgName)
	if !ok {
		return nil
	}
	uses := 0
	ast.Inspect(c.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && info.Uses[id] == pkgName {
			uses++
		}
		return uses < 2
	})
	if uses != 1 {
		return nil
	}
	for _, decl := range c.file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gen.Specs {
			spec := spec.(*ast.ImportSpec)
			if importedName(info, spec) != pkgName {
				continue
			}
			if !gen.Lparen.IsValid() || len(gen.Specs) == 1 {
				return c.deleteLines(gen)
			}
			return c.deleteLines(spec)
		}
	}
	return nil
}

func importedName(info *types.Info, spec *ast.ImportSpec) types.Object {
	if spec.Name != nil {
		return info.Defs[spec.Name]
	}
	return info.Implicits[spec]
}

// deleteLines returns the edit that deletes the whole lines n spans, when
// nothing but n (and comments) is on them.
func (c *funcChecker) deleteLines(n ast.Node) []analysis.TextEdit {
	tokFile := c.pass.Fset.File(n.Pos())
	if tokFile == nil {
		return nil
	}
	src, err := c.pass.ReadFile(tokFile.Name())
	if err != nil || tokFile.Size() != len(src) {
		return nil
	}
	startLine, endLine := tokFile.Line(n.Pos()), tokFile.Line(n.End())
	start := tokFile.LineStart(startLine)
	end := token.Pos(tokFile.Base() + tokFile.Size())
	if endLine < tokFile.LineCount() {
		end = tokFile.LineStart(endLine + 1)
	}
	before := bytes.TrimSpace(src[tokFile.Offset(start):tokFile.Offset(n.Pos())])
	after := bytes.TrimSpace(src[tokFile.Offset(n.End()):tokFile.Offset(end)])
	if len(before) != 0 || (len(after) != 0 && !bytes.HasPrefix(after, []byte("//"))) {
		return nil // something else shares the lines; leave the import to goimports
	}
	return []analysis.TextEdit{{Pos: start, End: end}}
}
