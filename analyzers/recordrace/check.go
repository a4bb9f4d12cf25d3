package recordrace

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Who else uses a variable while a goroutine writes it.
const (
	otherGoroutines = "other goroutines use it"
	parentUses      = "the function that started it uses it without waiting"
)

// check reports the racy writes of f's goroutines and f's reads after a
// time.Sleep that stands in for waiting on them.
func (c *checker) check(f *function) {
	type sleepRead struct {
		read *access
		g    *goroutine
	}
	sleepReads := make(map[*types.Var]sleepRead)
	for _, g := range f.goroutines {
		for _, w := range c.unprotectedWrites(g) {
			if c.orderedByHand(g, w) {
				continue
			}
			if who := c.concurrentUse(f, g, w); who != "" {
				c.filter.Report(analysis.Diagnostic{Pos: w.pos(), End: w.node.End(), Message: writeMessage(w, g, who)})
			}
			if r := readAfterSleep(f, g, w); r != nil {
				if prev, seen := sleepReads[w.v]; !seen || r.pos() < prev.read.pos() {
					sleepReads[w.v] = sleepRead{r, g}
				}
			}
		}
	}
	reads := slices.SortedFunc(maps.Values(sleepReads), func(x, y sleepRead) int { return cmp.Compare(x.read.pos(), y.read.pos()) })
	for _, sr := range reads {
		c.filter.Report(analysis.Diagnostic{
			Pos: sr.read.pos(), End: sr.read.node.End(),
			Message: fmt.Sprintf("%s is %s after time.Sleep, which does not wait for the goroutine started on line %d; use a sync.WaitGroup or a channel",
				sr.read.describe(), readOrWritten(sr.read), sr.g.line),
		})
	}
}

// unprotectedWrites returns g's writes to captured variables that may run
// with no lock held, in source order.
func (c *checker) unprotectedWrites(g *goroutine) []*access {
	nodes := make(map[ast.Node]bool)
	var writes []*access
	for _, as := range g.accesses {
		for _, a := range as {
			if a.write() {
				nodes[a.node] = true
				writes = append(writes, a)
			}
		}
	}
	if len(writes) == 0 {
		return nil
	}
	unprotected := unprotectedWrites(c.pass.TypesInfo, g.launch.Body, c.launchLits, nodes)
	var result []*access
	for _, w := range writes {
		if unprotected[w.node] {
			result = append(result, w)
		}
	}
	return result
}

// concurrentUse says who may use w's variable while g performs w, or ""
// when nothing can.
func (c *checker) concurrentUse(f *function, g *goroutine, w *access) string {
	// (a) Other instances of g itself.
	if g.repeated && !g.instancePrivate(w.v) {
		for _, a := range g.accesses[w.v] {
			if conflicts(w, a) {
				return otherGoroutines
			}
		}
	}
	// (b) Other goroutines started by the same function.
	for _, h := range f.goroutines {
		if h == g || !f.concurrent(g, h) {
			continue
		}
		for _, a := range h.accesses[w.v] {
			if conflicts(w, a) && !handedOff(g, w, h, a) {
				return otherGoroutines
			}
		}
	}
	// (c) The starting function, before it waits, unless it hands the
	// variable over: it signals after its access what g waits on before
	// the write.
	start := g.cur.Node().End()
	end := firstAfter(f.waits, start, f.body.End())
	for _, a := range f.accesses[w.v] {
		if start < a.pos() && a.pos() < end && conflicts(w, a) && !exclusive(g.cur, a.pos()) &&
			!orders(f.signals, a.pos(), g.waits, w.pos()) {
			return parentUses
		}
	}
	return ""
}

// concurrent reports whether goroutines g and h, started by f, can run at
// the same time: f does not wait between starting them and they are not
// started on exclusive branches.
func (f *function) concurrent(g, h *goroutine) bool {
	first, second := g.cur.Node(), h.cur.Node()
	if second.Pos() < first.Pos() {
		first, second = second, first
	}
	return !anyIn(f.waits, first.End(), second.Pos()) && !exclusive(g.cur, h.cur.Node().Pos())
}

// handedOff reports whether the two accesses are ordered by a channel or
// WaitGroup hand-off: one goroutine signals (sends, closes, calls Done or
// a cancel function) after its access, and the other waits on the same
// channel or WaitGroup (receives, calls Wait) before its own.
func handedOff(g *goroutine, w *access, h *goroutine, a *access) bool {
	return orders(g.signals, w.pos(), h.waits, a.pos()) || orders(h.signals, a.pos(), g.waits, w.pos())
}

// orders reports whether a signal after first matches a wait before second.
func orders(signals []event, first token.Pos, waits []event, second token.Pos) bool {
	for _, s := range signals {
		if s.pos <= first {
			continue
		}
		for _, w := range waits {
			if w.pos < second && w.key == s.key {
				return true
			}
		}
	}
	return false
}

// readAfterSleep returns f's first read of w's memory that follows a
// time.Sleep after g's launch with no wait in between, or nil. A read
// that f hands over (it signals afterwards what g waits on before the
// write) is ordered before the write, sleep or not.
func readAfterSleep(f *function, g *goroutine, w *access) *access {
	start := g.cur.Node().End()
	var first *access
	for _, a := range f.accesses[w.v] {
		if a.pos() <= start || !touches(w, a) || a.write() && !conflicts(w, a) || exclusive(g.cur, a.pos()) {
			continue
		}
		if anyIn(f.sleeps, start, a.pos()) && !anyIn(f.waits, start, a.pos()) &&
			!orders(f.signals, a.pos(), g.waits, w.pos()) && (first == nil || a.pos() < first.pos()) {
			first = a
		}
	}
	return first
}

func readOrWritten(a *access) string {
	if a.write() {
		return "written"
	}
	return "read"
}

func writeMessage(w *access, g *goroutine, who string) string {
	switch w.kind {
	case appendWrite:
		return fmt.Sprintf("%s is appended to by the goroutine started on line %d while %s; "+
			"guard it with a mutex, send results on a channel, or pre-size the slice and have each goroutine write its own index",
			w.describe(), g.line, who)
	case mapWrite:
		return fmt.Sprintf("map %s is modified by the goroutine started on line %d while %s; "+
			"guard it with a mutex, use sync.Map, or send the entries on a channel",
			w.mapOperand(), g.line, who)
	case elementWrite:
		return fmt.Sprintf("%s is written by the goroutine started on line %d while %s; "+
			"guard it with a mutex, or pre-size the slice and have each goroutine write only its own index",
			w.describe(), g.line, who)
	}
	return fmt.Sprintf("%s is written by the goroutine started on line %d while %s; "+
		"guard it with a mutex, use sync/atomic, or send the value on a channel",
		w.describe(), g.line, who)
}
