package spanend

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/cfg"
)

// A tracked span is a span start whose span variable is a local of the
// function and is analysed path by path.
type tracked struct {
	start *spanStart
	span  *types.Var
	ctx   *types.Var // the context variable the start assigns, or nil
}

// An event is what a CFG node does to a tracked span.
type event int

const (
	evNone      event = iota
	evSettled         // ended or handed off: the path is fine from here on
	evOverwrite       // the variable is reassigned while the span is live
)

// eventIn returns what node n does to t's span. A node that both uses and
// reassigns the variable (span = wrap(span)) settles it: the old value is
// used first.
func (f *funcInfo) eventIn(n ast.Node, t *tracked) event {
	settled, overwritten := false, false
	ast.Inspect(n, func(x ast.Node) bool {
		id, ok := x.(*ast.Ident)
		if !ok || settled {
			return !settled
		}
		switch obj := f.info.ObjectOf(id); {
		case obj == nil:
		case obj == t.span:
			if f.inClosure(id) {
				settled = true // captured: the closure may end it or pass it on
				break
			}
			switch f.classifySpanRef(id) {
			case refEnd, refHandoff:
				settled = true
			case refAssign:
				overwritten = true
			}
		case t.ctx != nil && obj == t.ctx:
			settled = f.ctxEscapes(id)
		}
		return true
	})
	switch {
	case settled:
		return evSettled
	case overwritten:
		return evOverwrite
	}
	return evNone
}

// firstEvent returns the first node of nodes that does something to t's
// span, and what it does.
func (f *funcInfo) firstEvent(nodes []ast.Node, t *tracked) (event, ast.Node) {
	for _, n := range nodes {
		if ev := f.eventIn(n, t); ev != evNone {
			return ev, n
		}
	}
	return evNone, nil
}

// findNode returns the live block holding node n, and n's index in it.
func findNode(g *cfg.CFG, n ast.Node) (*cfg.Block, int) {
	for _, b := range g.Blocks {
		for i, m := range b.Nodes {
			if m == n {
				if !b.Live {
					return nil, -1
				}
				return b, i
			}
		}
	}
	return nil, -1
}

// lostPath searches the CFG for a path from t's start to a return on which
// the span is neither ended nor handed off. It returns the first such
// return statement (possibly the synthetic one at the closing brace), or,
// failing that, a node that reassigns the span variable while the span is
// live (which may be the start itself, run again by a loop).
func (f *funcInfo) lostPath(t *tracked, def *cfg.Block, index int) (ret *ast.ReturnStmt, overwrite ast.Node) {
	switch ev, n := f.firstEvent(def.Nodes[index+1:], t); ev {
	case evSettled:
		return nil, nil
	case evOverwrite:
		return nil, n
	}
	if r := def.Return(); r != nil {
		return r, nil
	}
	seen := make(map[*cfg.Block]bool)
	var search func(blocks []*cfg.Block)
	search = func(blocks []*cfg.Block) {
		for _, b := range blocks {
			if ret != nil || seen[b] {
				continue
			}
			seen[b] = true
			switch ev, n := f.firstEvent(b.Nodes, t); ev {
			case evSettled:
				continue
			case evOverwrite:
				if overwrite == nil {
					overwrite = n
				}
				continue
			}
			if r := b.Return(); r != nil {
				ret = r
				return
			}
			search(b.Succs)
		}
	}
	search(def.Succs)
	if ret != nil {
		overwrite = nil
	}
	return ret, overwrite
}

// reaches reports whether some path leads from node from back to node to.
func reaches(g *cfg.CFG, from, to ast.Node) bool {
	b, i := findNode(g, from)
	if b == nil {
		return false
	}
	for _, n := range b.Nodes[i+1:] {
		if n == to {
			return true
		}
	}
	seen := make(map[*cfg.Block]bool)
	var search func(blocks []*cfg.Block) bool
	search = func(blocks []*cfg.Block) bool {
		for _, b := range blocks {
			if seen[b] {
				continue
			}
			seen[b] = true
			for _, n := range b.Nodes {
				if n == to {
					return true
				}
			}
			if search(b.Succs) {
				return true
			}
		}
		return false
	}
	return search(b.Succs)
}
