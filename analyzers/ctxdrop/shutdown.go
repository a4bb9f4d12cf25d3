package ctxdrop

import (
	"go/ast"
	"go/types"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// forShutdown reports whether the root context made at cur, directly or
// through context.With... derivations or a local variable, is passed to
// a method named Shutdown, such as (*http.Server).Shutdown or a tracer
// provider's. A shutdown must not end with the caller's context: a
// handler that shuts its server down would cancel the very shutdown that
// waits for it.
func (c *funcChecker) forShutdown(cur inspector.Cursor) bool {
	return c.passedTo(cur, isShutdown)
}

// forTeardown reports whether the root context made at cur, in the same
// ways as forShutdown, is given to a teardown method (isTeardown): code
// that closes, aborts or rolls back uses a root context so that the
// cleanup completes even when the caller's context is already done.
func (c *funcChecker) forTeardown(cur inspector.Cursor) bool {
	return c.passedTo(cur, isTeardown)
}

// passedTo reports whether the root context made at cur, directly or
// through context.With... derivations or a local variable, is an
// argument of a call that is matches.
func (c *funcChecker) passedTo(cur inspector.Cursor, is func(*types.Info, *ast.CallExpr) bool) bool {
	info := c.pass.TypesInfo
	expr, parent := c.derivedUse(cur)
	switch n := parent.Node().(type) {
	case *ast.CallExpr:
		return is(info, n) && slices.Contains(n.Args, expr.Node().(ast.Expr))
	case *ast.AssignStmt:
		id, ok := ast.Unparen(assignedTo(n, expr.Node())).(*ast.Ident)
		if !ok {
			return false
		}
		v, ok := info.ObjectOf(id).(*types.Var)
		return ok && c.passedToCall(v, is)
	}
	return false
}

// passedToCall reports whether v is an argument of a call in the
// function that is matches.
func (c *funcChecker) passedToCall(v *types.Var, is func(*types.Info, *ast.CallExpr) bool) bool {
	info := c.pass.TypesInfo
	for cur := range c.fn.Preorder((*ast.CallExpr)(nil)) {
		call := cur.Node().(*ast.CallExpr)
		if !is(info, call) {
			continue
		}
		for _, arg := range call.Args {
			if id, ok := ast.Unparen(arg).(*ast.Ident); ok && info.Uses[id] == v {
				return true
			}
		}
	}
	return false
}

// isShutdown reports whether call calls a method named Shutdown.
func isShutdown(info *types.Info, call *ast.CallExpr) bool {
	fn := ctxspan.Callee(info, call)
	if fn == nil || fn.Name() != "Shutdown" {
		return false
	}
	sig, ok := fn.Type().(*types.Signature)
	return ok && sig.Recv() != nil
}

// teardownVerbs begin the names of methods that end something: a
// connection, a cursor, a session, a transaction.
var teardownVerbs = [...]string{"Close", "Abort", "Rollback", "Disconnect", "Shutdown", "Stop", "EndSession", "Release", "Cleanup"}

// isTeardown reports whether call calls a method named for teardown
// (methodNamedFor teardownVerbs), as in AbortTransaction or closeConn.
func isTeardown(info *types.Info, call *ast.CallExpr) bool {
	fn := ctxspan.Callee(info, call)
	return fn != nil && methodNamedFor(fn, teardownVerbs[:])
}

// methodNamedFor reports whether fn is a method whose name is one of verbs
// (its first letter in either case, so unexported methods count) alone or
// followed by an upper-case word: WaitAll and closeConn, not Waiter.
func methodNamedFor(fn *types.Func, verbs []string) bool {
	if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() == nil {
		return false
	}
	name := fn.Name()
	for _, verb := range verbs {
		if len(name) < len(verb) || !strings.EqualFold(name[:1], verb[:1]) || name[1:len(verb)] != verb[1:] {
			continue
		}
		if rest := name[len(verb):]; rest == "" || unicode.IsUpper(rune(rest[0])) {
			return true
		}
	}
	return false
}
