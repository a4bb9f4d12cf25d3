package rewrite

import (
	"go/ast"
	"go/token"
	"slices"
)

// An end is a send on a channel that may be converted, or a loop that
// receives from one, and whether a caller's context is in scope there.
// Without one, a send's envelope would carry nil, and a loop would start
// no item span from the context it receives (an item span, whose context
// could otherwise stand in for a caller's, starts only where a caller's
// context is in scope).
type end struct {
	key     any
	send    bool
	inScope bool
}

// recordEnd notes a send on, or a receiving loop over, the channel k at
// pos, with the enclosing nodes in stack.
func (pp *pipelines) recordEnd(k any, pos token.Pos, stack []ast.Node, send bool) {
	e := end{key: k, send: send}
	// Caller contexts are known per outermost function, together with
	// the literals nested in it.
	for _, outer := range stack {
		switch outer.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
		default:
			continue
		}
		_, e.inScope = pp.callersOf(outer).At(pos)
		break
	}
	pp.ends = append(pp.ends, e)
}

// dropContextless leaves plain the converted groups that no context
// would pass through: none of their sends has a context to put in the
// envelope, or none of their loops a context to start item spans with.
// Such envelopes buy a dependency on rewrite/carry and wider items, and
// nothing else.
func (pp *pipelines) dropContextless(log func(string, ...any), where func(any) string) {
	sends := make(map[any]bool)
	loops := make(map[any]bool)
	for _, e := range pp.ends {
		if e.key == nil || !e.inScope {
			continue
		}
		if e.send {
			sends[pp.find(e.key)] = true
		} else {
			loops[pp.find(e.key)] = true
		}
	}
	var dropped []string
	for r := range pp.done {
		switch {
		case !sends[r]:
			delete(pp.done, r)
			dropped = append(dropped, where(r)+": channel left plain: no send on it has a context to carry")
		case !loops[r]:
			delete(pp.done, r)
			dropped = append(dropped, where(r)+": channel left plain: no loop receiving from it has a context to continue")
		}
	}
	slices.Sort(dropped)
	for _, line := range dropped {
		log("%s", line)
	}
}
