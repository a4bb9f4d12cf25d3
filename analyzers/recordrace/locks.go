package recordrace

import (
	"go/ast"
	"go/types"
	"maps"
	"strings"

	"golang.org/x/tools/go/cfg"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/noreturn"
	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// A lockSet holds the locks that may be held at a point, by the keys of
// lockEvent ("mu/", "s.mu/r").
type lockSet map[string]bool

// lockState finds, for the writes of one goroutine literal, whether a lock
// may be held when they execute: a may-analysis over the literal's control
// flow graph, so that writes after an early Unlock on a returning branch
// still count as guarded. Deferred Unlocks do not release the lock.
type lockState struct {
	info        *types.Info
	launchLits  map[*ast.FuncLit]bool
	writes      map[ast.Node]bool // the write nodes asked about
	unprotected map[ast.Node]bool // those reached with no lock held
}

// unprotectedWrites returns the nodes in writes that lit's goroutine may
// execute while holding no lock. Writes in unreachable code are not
// included.
func unprotectedWrites(info *types.Info, lit *ast.FuncLit, launchLits map[*ast.FuncLit]bool, writes map[ast.Node]bool) map[ast.Node]bool {
	ls := &lockState{info: info, launchLits: launchLits, writes: writes, unprotected: make(map[ast.Node]bool)}
	ls.body(lit.Body, lockSet{})
	return ls.unprotected
}

func (ls *lockState) body(body *ast.BlockStmt, initial lockSet) {
	g := cfg.New(body, noreturn.MayReturn(ls.info))
	if len(g.Blocks) == 0 {
		return
	}
	in := map[*cfg.Block]lockSet{g.Blocks[0]: initial}
	work := []*cfg.Block{g.Blocks[0]}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		out := maps.Clone(in[b])
		for _, n := range b.Nodes {
			ls.walk(n, out, false)
		}
		for _, succ := range b.Succs {
			if merged, changed := union(in[succ], out); changed || in[succ] == nil {
				in[succ] = merged
				work = append(work, succ)
			}
		}
	}
	// Second pass: the fixed point is known, record the state at each write.
	for _, b := range g.Blocks {
		state, reached := in[b]
		if !reached || !b.Live {
			continue
		}
		state = maps.Clone(state)
		for _, n := range b.Nodes {
			ls.walk(n, state, true)
		}
	}
}

func union(into, from lockSet) (lockSet, bool) {
	if into == nil {
		return maps.Clone(from), true
	}
	changed := false
	for k := range from {
		if !into[k] {
			into[k] = true
			changed = true
		}
	}
	return into, changed
}

// walk applies the lock events of one CFG node to state in source order.
// When record is set it notes the writes reached without a lock and
// analyzes the closures the node calls in place.
func (ls *lockState) walk(n ast.Node, state lockSet, record bool) {
	if d, ok := n.(*ast.DeferStmt); ok {
		// A deferred call runs at return: its Unlock does not release the
		// lock here. A deferred closure still runs in this goroutine.
		if lit, ok := ast.Unparen(d.Call.Fun).(*ast.FuncLit); ok && record {
			ls.closure(lit, state)
		}
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			// Called in place, it is analyzed at the call below. Passed to
			// a function or stored, it may run later or elsewhere
			// (t.Cleanup, once.Do, a lock wrapper, http.HandleFunc), so
			// its writes are not taken as this goroutine's.
			return false
		case *ast.CallExpr:
			if key, acquire, ok := lockEvent(ls.info, n); ok {
				if acquire {
					state[key] = true
				} else {
					delete(state, key)
				}
			}
			if lit, ok := ast.Unparen(n.Fun).(*ast.FuncLit); ok && record {
				ls.closure(lit, state)
			}
		}
		if record && ls.writes[n] && len(state) == 0 {
			ls.unprotected[n] = true
		}
		return true
	})
}

// closure analyzes a function literal that the goroutine calls where it
// stands (func() { ... }() or defer func() { ... }()), starting from the
// locks held there.
func (ls *lockState) closure(lit *ast.FuncLit, state lockSet) {
	if ls.launchLits[lit] {
		return // go func() { ... }(): a goroutine of its own
	}
	ls.body(lit.Body, maps.Clone(state))
}

// lockEvent reports whether call acquires or releases a lock: a method
// whose name ends in Lock (Lock, RLock, TryLock, RWLock, lock) or Unlock,
// on any type: sync.Mutex, sync.RWMutex, sync.Locker, a type embedding
// them, or a project's own lock. The key pairs a release with its acquire:
// the receiver expression and the name's lock kind ("R" for RLock).
func lockEvent(info *types.Info, call *ast.CallExpr) (key string, acquire, ok bool) {
	sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !isSel {
		return "", false, false
	}
	fn := ctxspan.Callee(info, call)
	if fn == nil {
		return "", false, false
	}
	if sig, _ := fn.Type().(*types.Signature); sig == nil || sig.Recv() == nil {
		return "", false, false
	}
	name := strings.ToLower(fn.Name())
	var kind string
	switch {
	case strings.HasSuffix(name, "unlock"):
		kind = strings.TrimSuffix(name, "unlock")
	case strings.HasSuffix(name, "lock") && !strings.HasSuffix(name, "block") && !strings.HasSuffix(name, "clock"):
		kind, acquire = strings.TrimPrefix(strings.TrimSuffix(name, "lock"), "try"), true
	default:
		return "", false, false
	}
	return exprString(sel.X) + "/" + kind, acquire, true
}
