package recordrace

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/edge"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/noreturn"
	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// isWaitPoint reports whether n makes the code after it wait for other
// goroutines: a call of a method or function named Wait (sync.WaitGroup,
// errgroup, conc, synctest.Wait), a channel receive, a range over a
// channel, a select, or a Lock call.
func isWaitPoint(info *types.Info, n ast.Node) bool {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		return n.Op == token.ARROW
	case *ast.SelectStmt:
		return true
	case *ast.RangeStmt:
		return isChan(info, n.X)
	case *ast.CallExpr:
		if _, acquire, ok := lockEvent(info, n); ok && acquire {
			return true
		}
		fn := ctxspan.Callee(info, n)
		return fn != nil && fn.Name() == "Wait"
	}
	return false
}

// An event is a point where a goroutine waits for, or signals, another
// one, with the channel or WaitGroup it uses: a hand-off orders two
// goroutines only when one signals what the other waits on.
type event struct {
	pos token.Pos
	key string
}

// cancelKey pairs calling a context.CancelFunc with receiving from a Done
// channel: the contexts involved are not tracked.
const cancelKey = "<context>"

// waitEvents returns the hand-off waits n performs: receives (select cases
// included), ranges over channels and Wait calls. Lock calls are not
// among them: a lock orders nothing unless both sides take it.
func waitEvents(info *types.Info, n ast.Node) []event {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			return []event{{n.Pos(), channelKey(info, n.X)}}
		}
	case *ast.RangeStmt:
		if isChan(info, n.X) {
			return []event{{n.Pos(), channelKey(info, n.X)}}
		}
	case *ast.CallExpr:
		if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && isWaitPoint(info, n) {
			if _, _, isLock := lockEvent(info, n); !isLock {
				return []event{{n.Pos(), exprString(sel.X)}}
			}
		}
	}
	return nil
}

// signalEvents returns the hand-off signals n performs: a send, a close, a
// Done() method without results (sync.WaitGroup.Done), or a call of a
// context.CancelFunc.
func signalEvents(info *types.Info, n ast.Node) []event {
	switch n := n.(type) {
	case *ast.SendStmt:
		return []event{{n.Pos(), channelKey(info, n.Chan)}}
	case *ast.CallExpr:
		if isBuiltin(info, n, "close") && len(n.Args) == 1 {
			return []event{{n.Pos(), channelKey(info, n.Args[0])}}
		}
		if tv, ok := info.Types[n.Fun]; ok && tv.Type != nil {
			if named, ok := types.Unalias(tv.Type).(*types.Named); ok &&
				named.Obj().Name() == "CancelFunc" && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == ctxspan.ContextPkg {
				return []event{{n.Pos(), cancelKey}}
			}
		}
		fn := ctxspan.Callee(info, n)
		sel, isSel := ast.Unparen(n.Fun).(*ast.SelectorExpr)
		if fn == nil || !isSel || fn.Name() != "Done" {
			return nil
		}
		if sig, _ := fn.Type().(*types.Signature); sig != nil && sig.Recv() != nil && sig.Results().Len() == 0 {
			return []event{{n.Pos(), exprString(sel.X)}}
		}
	}
	return nil
}

// channelKey names a channel for matching sends with receives; a receive
// from some ctx.Done() matches any cancel call.
func channelKey(info *types.Info, ch ast.Expr) string {
	if call, ok := ast.Unparen(ch).(*ast.CallExpr); ok {
		if fn := ctxspan.Callee(info, call); fn != nil && fn.Name() == "Done" {
			return cancelKey
		}
	}
	return exprString(ch)
}

func isChan(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Type == nil {
		return false
	}
	_, ok = tv.Type.Underlying().(*types.Chan)
	return ok
}

func isSleep(info *types.Info, n ast.Node) bool {
	call, ok := n.(*ast.CallExpr)
	return ok && ctxspan.IsFunc(ctxspan.Callee(info, call), "time", "Sleep")
}

// anyIn reports whether some position of ps lies in (from, to).
func anyIn(ps []token.Pos, from, to token.Pos) bool {
	for _, p := range ps {
		if from < p && p < to {
			return true
		}
	}
	return false
}

// firstAfter returns the first position of ps after from, or end.
func firstAfter(ps []token.Pos, from, end token.Pos) token.Pos {
	first := end
	for _, p := range ps {
		if p > from && p < first {
			first = p
		}
	}
	return first
}

func within(n ast.Node, pos token.Pos) bool { return n.Pos() <= pos && pos < n.End() }

// exclusive reports whether the code at pos cannot run in the same call of
// the function as the node at cur because they sit in different branches
// of an if statement or in different clauses of a switch or select.
func exclusive(cur inspector.Cursor, pos token.Pos) bool {
	for c := range cur.Enclosing() {
		switch n := c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.CaseClause, *ast.CommClause:
			clauses := c.Parent().Node() // the switch or select body
			if within(clauses, pos) && !within(n, pos) {
				return true
			}
		case *ast.BlockStmt, ast.Stmt:
			if c.ParentEdgeKind() == edge.Invalid {
				continue
			}
			if ifStmt, ok := c.Parent().Node().(*ast.IfStmt); ok {
				switch c.ParentEdgeKind() {
				case edge.IfStmt_Body:
					if ifStmt.Else != nil && within(ifStmt.Else, pos) {
						return true
					}
				case edge.IfStmt_Else:
					if within(ifStmt.Body, pos) {
						return true
					}
				}
			}
		}
	}
	return false
}

// innermostLoop returns the innermost for or range statement of the
// enclosing function whose body holds cur, or nil.
func innermostLoop(cur inspector.Cursor) (loop ast.Stmt, body *ast.BlockStmt) {
	for c := range cur.Enclosing() {
		switch n := c.Node().(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil, nil
		case *ast.ForStmt:
			if within(n.Body, cur.Node().Pos()) {
				return n, n.Body
			}
		case *ast.RangeStmt:
			if within(n.Body, cur.Node().Pos()) {
				return n, n.Body
			}
		}
	}
	return nil, nil
}

// leavesLoopAfter reports whether the statements that follow the one at
// cur, up to the loop's body, include a return, a break out of the loop, a
// goto or a panic: then one iteration at most reaches past the launch and
// the loop does not start it again.
func leavesLoopAfter(info *types.Info, cur inspector.Cursor, loopBody *ast.BlockStmt) bool {
	// The chain of statements from the loop body down to cur; an unlabeled
	// break below a switch or select leaves that, not the loop.
	var chain []inspector.Cursor
	for c := cur; c.Node() != loopBody; c = c.Parent() {
		chain = append(chain, c)
	}
	mayReturn := noreturn.MayReturn(info)
	inSwitch := false
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		for next, ok := c.NextSibling(); ok; next, ok = next.NextSibling() {
			switch s := next.Node().(type) {
			case *ast.ReturnStmt:
				return true
			case *ast.BranchStmt:
				if s.Tok == token.GOTO || s.Tok == token.BREAK && (s.Label != nil || !inSwitch) {
					return true
				}
			case *ast.ExprStmt:
				if call, ok := s.X.(*ast.CallExpr); ok && !mayReturn(call) {
					return true
				}
			}
		}
		switch c.Node().(type) {
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			inSwitch = true
		}
	}
	return false
}
