package recordrace

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// orderedByHand reports whether g orders its write w with a hand-rolled
// protocol the wait/signal matching does not see:
//
//   - an atomic handshake: g spin-waits on an atomic load
//     (for atomic.LoadInt32(&x.signal) != i { ... }), so its writes are
//     published by the matching atomic store (sync/atomic's tests);
//   - a token ring: w lies between a receive from ring[i] and a send to
//     ring[j] on the same slice of channels, so only the goroutine holding
//     the token writes (runtime's debuglog test).
//
// A goroutine that merely counts with atomics (n.Add(1) next to an append)
// or receives and sends on unrelated channels (a worker pool) is neither.
func (c *checker) orderedByHand(g *goroutine, w *access) bool {
	body := g.launch.Body.Body
	return c.spinsOnAtomicLoad(body) || c.passesToken(body, w.pos())
}

func (c *checker) spinsOnAtomicLoad(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if loop, ok := n.(*ast.ForStmt); ok && loop.Cond != nil && c.callsAtomicLoad(loop.Cond) {
			found = true
		}
		return !found
	})
	return found
}

// callsAtomicLoad reports whether e calls a sync/atomic Load function or
// the Load method of a sync/atomic type.
func (c *checker) callsAtomicLoad(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return !found
		}
		fn := ctxspan.Callee(c.pass.TypesInfo, call)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" && strings.HasPrefix(fn.Name(), "Load") {
			found = true
		}
		return !found
	})
	return found
}

// passesToken reports whether the body receives from ring[i] before pos and
// sends to ring[j] after it, for one variable ring.
func (c *checker) passesToken(body *ast.BlockStmt, pos token.Pos) bool {
	aliases := c.channelAliases(body)
	received := make(map[*types.Var]bool)
	passed := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && n.Pos() < pos {
				if ring := c.channelRing(n.X, aliases); ring != nil {
					received[ring] = true
				}
			}
		case *ast.SendStmt:
			if n.Pos() > pos {
				if ring := c.channelRing(n.Chan, aliases); ring != nil && received[ring] {
					passed = true
				}
			}
		}
		return !passed
	})
	return passed
}

// channelRing returns ring for an element ring[k] of a slice or array of
// channels held in a variable, directly or through a local alias
// (next := ring[(id+1)%n]; next <- true).
func (c *checker) channelRing(e ast.Expr, aliases map[*types.Var]*types.Var) *types.Var {
	e = ast.Unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
		return aliases[v]
	}
	index, ok := e.(*ast.IndexExpr)
	if !ok {
		return nil
	}
	id, ok := ast.Unparen(index.X).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := c.pass.TypesInfo.Uses[id].(*types.Var)
	return v
}

// channelAliases maps the body's variables that are only ever assigned an
// element ring[k] to ring.
func (c *checker) channelAliases(body *ast.BlockStmt) map[*types.Var]*types.Var {
	info := c.pass.TypesInfo
	aliases := make(map[*types.Var]*types.Var)
	other := make(map[*types.Var]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		assign, ok := n.(*ast.AssignStmt)
		if !ok {
			return true
		}
		for i, lhs := range assign.Lhs {
			id, ok := lhs.(*ast.Ident)
			if !ok {
				continue
			}
			v, _ := info.ObjectOf(id).(*types.Var)
			if v == nil {
				continue
			}
			var ring *types.Var
			if len(assign.Lhs) == len(assign.Rhs) {
				ring = c.channelRing(assign.Rhs[i], nil)
			}
			switch {
			case ring == nil || other[v] || aliases[v] != nil && aliases[v] != ring:
				other[v] = true
				delete(aliases, v)
			default:
				aliases[v] = ring
			}
		}
		return true
	})
	return aliases
}
