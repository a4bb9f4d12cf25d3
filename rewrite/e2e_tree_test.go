package rewrite_test

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// e2eSpan is one span as the hook in the rewritten program recorded it.
type e2eSpan struct {
	Name, TraceID, SpanID, ParentSpanID string
	Links                               []struct{ TraceID, SpanID string }
	Status, StatusDescription           string
	Ended                               bool
}

// spanTree indexes recorded spans by id and by parent. A span whose parent
// id names no recorded span is kept among the roots: a span started from
// a context whose span was never recorded is as detached from the trace as
// one started from context.Background().
type spanTree struct {
	spans    []*e2eSpan
	byID     map[string]*e2eSpan
	children map[string][]*e2eSpan
	roots    []*e2eSpan
}

func buildTree(spans []*e2eSpan) *spanTree {
	tr := &spanTree{spans: spans, byID: make(map[string]*e2eSpan), children: make(map[string][]*e2eSpan)}
	for _, s := range spans {
		tr.byID[s.SpanID] = s
	}
	for _, s := range spans {
		if _, ok := tr.byID[s.ParentSpanID]; ok {
			tr.children[s.ParentSpanID] = append(tr.children[s.ParentSpanID], s)
		} else {
			tr.roots = append(tr.roots, s)
		}
	}
	byName := func(a, b *e2eSpan) int { return cmp.Compare(a.Name, b.Name) }
	slices.SortStableFunc(tr.roots, byName)
	for _, c := range tr.children {
		slices.SortStableFunc(c, byName)
	}
	return tr
}

func (tr *spanTree) parent(s *e2eSpan) *e2eSpan { return tr.byID[s.ParentSpanID] }

// String prints the tree as names indented by depth, with what the
// assertions look at (ending, status, links, detached parents) next to
// each name.
func (tr *spanTree) String() string {
	var b strings.Builder
	var walk func(s *e2eSpan, depth int)
	walk = func(s *e2eSpan, depth int) {
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), s.Name)
		if depth == 0 {
			fmt.Fprintf(&b, "  [trace %s]", s.TraceID)
			if s.ParentSpanID != "" {
				fmt.Fprintf(&b, "  [parent %s not recorded]", s.ParentSpanID)
			}
		}
		if !s.Ended {
			b.WriteString("  [NOT ENDED]")
		}
		if s.Status != "Unset" {
			fmt.Fprintf(&b, "  [status %s %q]", s.Status, s.StatusDescription)
		}
		for _, l := range s.Links {
			name := "unrecorded span " + l.SpanID
			if t, ok := tr.byID[l.SpanID]; ok {
				name = t.Name
			}
			fmt.Fprintf(&b, "  [link -> %s]", name)
		}
		b.WriteString("\n")
		for _, c := range tr.children[s.SpanID] {
			walk(c, depth+1)
		}
	}
	for _, r := range tr.roots {
		walk(r, 0)
	}
	return b.String()
}

// spanMatch selects spans by name. Item spans are matched by the parts of
// the naming rule "pkg.Func/range ch" that do not depend on how the
// rewriter names a function literal inside Func: the enclosing function's
// prefix and the "/range ch" suffix.
type spanMatch struct {
	desc  string
	match func(name string) bool
}

func named(name string) spanMatch {
	return spanMatch{fmt.Sprintf("%q", name), func(n string) bool { return n == name }}
}

func prefixed(prefix string) spanMatch {
	return spanMatch{fmt.Sprintf("%q...", prefix), func(n string) bool { return strings.HasPrefix(n, prefix) }}
}

func between(prefix, suffix string) spanMatch {
	return spanMatch{fmt.Sprintf("%q...%q", prefix, suffix), func(n string) bool {
		return len(n) >= len(prefix)+len(suffix) && strings.HasPrefix(n, prefix) && strings.HasSuffix(n, suffix)
	}}
}

func (tr *spanTree) find(m spanMatch) []*e2eSpan {
	var found []*e2eSpan
	for _, s := range tr.spans {
		if m.match(s.Name) {
			found = append(found, s)
		}
	}
	return found
}

func assertOneTrace(t *testing.T, tr *spanTree) {
	t.Helper()
	ids := make(map[string]int)
	for _, s := range tr.spans {
		ids[s.TraceID]++
	}
	if len(ids) != 1 {
		t.Errorf("spans belong to %d traces, want 1: span count per trace id %v", len(ids), ids)
	}
}

func assertOneRoot(t *testing.T, tr *spanTree, name string) {
	t.Helper()
	var names []string
	for _, r := range tr.roots {
		names = append(names, r.Name)
	}
	if len(tr.roots) != 1 || tr.roots[0].Name != name || tr.roots[0].ParentSpanID != "" {
		t.Errorf("root spans (no parent, or a parent never recorded) are %q, want exactly one, %q", names, name)
	}
}

func assertAllEnded(t *testing.T, tr *spanTree) {
	t.Helper()
	for _, s := range tr.spans {
		if !s.Ended {
			parent := "none"
			if p := tr.parent(s); p != nil {
				parent = p.Name
			}
			t.Errorf("span %q (parent %s) was started and never ended", s.Name, parent)
		}
	}
}

// assertLinksResolve checks that every link points at a span of this run:
// the example talks to nothing outside itself, so a link to anything else
// was made from a context that had lost its span.
func assertLinksResolve(t *testing.T, tr *spanTree) {
	t.Helper()
	for _, s := range tr.spans {
		for _, l := range s.Links {
			if _, ok := tr.byID[l.SpanID]; !ok {
				t.Errorf("span %q links to span %s of trace %s, which was never recorded", s.Name, l.SpanID, l.TraceID)
			}
		}
	}
}

// assertCount checks how many spans m selects.
func assertCount(t *testing.T, tr *spanTree, m spanMatch, want int) {
	t.Helper()
	if got := len(tr.find(m)); got != want {
		t.Errorf("%d spans named %s, want %d", got, m.desc, want)
	}
}

// assertParents checks that every span m selects has a parent that parent
// selects.
func assertParents(t *testing.T, tr *spanTree, m, parent spanMatch) {
	t.Helper()
	for _, s := range tr.find(m) {
		p := tr.parent(s)
		switch {
		case p == nil:
			t.Errorf("span %q has no recorded parent, want one named %s", s.Name, parent.desc)
		case !parent.match(p.Name):
			t.Errorf("span %q has parent %q, want one named %s", s.Name, p.Name, parent.desc)
		}
	}
}

// assertChain checks that item spans of consecutive pipeline stages are
// chained one to one: every span of stage i+1 is the child of a stage-i
// span, and every stage-i span has exactly one stage-(i+1) child, which is
// the span of the same item one stage on. Every stage has n spans.
func assertChain(t *testing.T, tr *spanTree, n int, stages ...spanMatch) {
	t.Helper()
	for _, st := range stages {
		assertCount(t, tr, st, n)
	}
	for i := 0; i+1 < len(stages); i++ {
		from, to := stages[i], stages[i+1]
		assertParents(t, tr, to, from)
		for _, s := range tr.find(from) {
			next := 0
			for _, c := range tr.children[s.SpanID] {
				if to.match(c.Name) {
					next++
				}
			}
			if next != 1 {
				t.Errorf("item span %q has %d children named %s, want exactly 1 (the same item one stage on)", s.Name, next, to.desc)
			}
		}
	}
}

// assertOneError checks that exactly one span m selects has status Error
// with description desc and all others are Unset.
func assertOneError(t *testing.T, tr *spanTree, m spanMatch, desc string) {
	t.Helper()
	errs := 0
	for _, s := range tr.find(m) {
		switch s.Status {
		case "Error":
			errs++
			if s.StatusDescription != desc {
				t.Errorf("span %q has status Error %q, want description %q", s.Name, s.StatusDescription, desc)
			}
		case "Unset":
		default:
			t.Errorf("span %q has status %s, want Unset or Error", s.Name, s.Status)
		}
	}
	if errs != 1 {
		t.Errorf("%d spans named %s have status Error, want exactly 1 (the failing one)", errs, m.desc)
	}
}

// assertNoOthers checks that every span is one of the kinds the example
// expects, so that a span the rewriter should not have made shows up.
func assertNoOthers(t *testing.T, tr *spanTree, expected ...spanMatch) {
	t.Helper()
	for _, s := range tr.spans {
		if !slices.ContainsFunc(expected, func(m spanMatch) bool { return m.match(s.Name) }) {
			t.Errorf("unexpected span %q", s.Name)
		}
	}
}
