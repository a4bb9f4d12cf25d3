package spantree

import (
	"cmp"
	"slices"
	"time"
)

// A Node is a span with its children, ordered by start time.
type Node struct {
	Span     *Span
	Children []*Node
	// Orphan is set on a root whose parent span is not in the dump: it was
	// not ended, not flushed, dropped by sampling, or belongs to another
	// process.
	Orphan bool
	// InCycle is set on a root made of a span whose parent chain loops back
	// to itself, which only a corrupt dump has.
	InCycle bool

	// order is the span's position in the input: the order of spans that
	// started at the same instant, or have no timestamps.
	order int
}

// A Trace is the spans of one trace ID, as trees.
type Trace struct {
	ID    string
	Roots []*Node // ordered by start time
	Spans int
	// Start and End span all of the trace's spans; both are zero without
	// timestamps.
	Start, End time.Time
}

// Service is the service.name of the trace's first root.
func (t *Trace) Service() string {
	return t.Roots[0].Span.Service
}

// Build arranges spans into traces, ordered by the start of their first
// root. A span whose parent is not among spans becomes a root marked
// Orphan.
func Build(spans []Span) []*Trace {
	byTrace := make(map[string]*Trace)
	var traces []*Trace
	nodes := make(map[[2]string]*Node, len(spans))
	for i := range spans {
		s := &spans[i]
		key := [2]string{s.TraceID, s.SpanID}
		if nodes[key] != nil {
			continue // a duplicate: the first copy stands
		}
		nodes[key] = &Node{Span: s, order: i}
		t := byTrace[s.TraceID]
		if t == nil {
			t = &Trace{ID: s.TraceID}
			byTrace[s.TraceID] = t
			traces = append(traces, t)
		}
		t.Spans++
		if !s.Start.IsZero() && (t.Start.IsZero() || s.Start.Before(t.Start)) {
			t.Start = s.Start
		}
		if s.End.After(t.End) {
			t.End = s.End
		}
	}
	var roots []*Node
	for i := range spans {
		s := &spans[i]
		n := nodes[[2]string{s.TraceID, s.SpanID}]
		if n.Span != s {
			continue
		}
		parent := nodes[[2]string{s.TraceID, s.ParentID}]
		switch {
		case s.ParentID == "":
			roots = append(roots, n)
		case parent == nil:
			n.Orphan = true
			roots = append(roots, n)
		default:
			parent.Children = append(parent.Children, n)
		}
	}
	roots = append(roots, breakCycles(spans, nodes, roots)...)
	for _, n := range nodes {
		slices.SortFunc(n.Children, byStart)
	}
	for _, r := range roots {
		t := byTrace[r.Span.TraceID]
		t.Roots = append(t.Roots, r)
	}
	for _, t := range traces {
		slices.SortFunc(t.Roots, byStart)
	}
	slices.SortFunc(traces, func(a, b *Trace) int { return byStart(a.Roots[0], b.Roots[0]) })
	return traces
}

// breakCycles returns, as new roots, spans that no root reaches because
// their parent links form a loop, each detached from its parent.
func breakCycles(spans []Span, nodes map[[2]string]*Node, roots []*Node) []*Node {
	reached := make(map[*Node]bool, len(nodes))
	var mark func(*Node)
	mark = func(n *Node) {
		if reached[n] {
			return
		}
		reached[n] = true
		for _, c := range n.Children {
			mark(c)
		}
	}
	for _, r := range roots {
		mark(r)
	}
	var added []*Node
	for i := range spans {
		s := &spans[i]
		n := nodes[[2]string{s.TraceID, s.SpanID}]
		if reached[n] {
			continue
		}
		parent := nodes[[2]string{s.TraceID, s.ParentID}]
		parent.Children = slices.DeleteFunc(parent.Children, func(c *Node) bool { return c == n })
		n.InCycle = true
		added = append(added, n)
		mark(n)
	}
	return added
}

// byStart orders nodes by start time, then by input order: concurrent
// siblings often start within the clock's resolution of each other.
func byStart(a, b *Node) int {
	if c := a.Span.Start.Compare(b.Span.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.order, b.order)
}
