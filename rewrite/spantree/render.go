package spantree

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/trace"
)

// Options change how Render draws the trees.
type Options struct {
	// Fold draws a run of consecutive siblings with the same name, kind,
	// status and subtree once, as "name ×N" with the range of their
	// durations; their children are folded the same way, position by
	// position.
	Fold bool
}

// maxNameColumn caps the column durations are aligned to, so that one long
// name does not push every duration off the screen.
const maxNameColumn = 72

// Render writes each trace as a header line and an indented tree of span
// names with their durations, the span kind unless it is internal, the
// status when it is Error, and a marker on roots whose parent is missing.
// Traces are separated by a blank line.
func Render(w io.Writer, traces []*Trace, opt Options) error {
	bw := bufio.NewWriter(w)
	for i, t := range traces {
		if i > 0 {
			bw.WriteString("\n")
		}
		r := renderer{fold: opt.Fold}
		if opt.Fold {
			r.shapes = make(map[string]int)
			r.shapeOf = make(map[*Node]int)
		}
		r.siblings(r.group(singletons(t.Roots)), "", true)
		bw.WriteString(header(t) + "\n")
		r.write(bw)
	}
	return bw.Flush()
}

// header names the trace and sums it up.
func header(t *Trace) string {
	h := fmt.Sprintf("trace %s: %d span%s", t.ID, t.Spans, plural(t.Spans))
	if !t.Start.IsZero() && !t.End.IsZero() {
		h += ", " + FormatDuration(t.End.Sub(t.Start))
	}
	if svc := t.Service(); svc != "" && !strings.HasPrefix(svc, "unknown_service") {
		h += ", service " + svc
	}
	return h
}

// A group is spans drawn as one line: one span, or with folding a run of
// siblings of the same shape.
type group []*Node

type line struct {
	label    string // the tree prefix and the name
	duration string
	notes    []string
}

type renderer struct {
	fold    bool
	shapes  map[string]int // shape key to shape number
	shapeOf map[*Node]int
	lines   []line
}

func singletons(nodes []*Node) []group {
	gs := make([]group, len(nodes))
	for i, n := range nodes {
		gs[i] = group{n}
	}
	return gs
}

// group merges, when folding, consecutive groups whose spans have the same
// shape.
func (r *renderer) group(gs []group) []group {
	if !r.fold {
		return gs
	}
	var out []group
	for _, g := range gs {
		if last := len(out) - 1; last >= 0 && r.shape(out[last][0]) == r.shape(g[0]) {
			out[last] = append(out[last], g...)
			continue
		}
		out = append(out, g)
	}
	return out
}

// shape numbers n's name, kind, status, markers and the shapes of its
// children, so that equal numbers mean subtrees that draw alike.
func (r *renderer) shape(n *Node) int {
	if id, ok := r.shapeOf[n]; ok {
		return id
	}
	s := n.Span
	var key strings.Builder
	fmt.Fprintf(&key, "%q %d %q %q %t %t", s.Name, s.Kind, s.Status, s.StatusDescription, n.Orphan, n.InCycle)
	for _, c := range n.Children {
		fmt.Fprintf(&key, " %d", r.shape(c))
	}
	id, ok := r.shapes[key.String()]
	if !ok {
		id = len(r.shapes)
		r.shapes[key.String()] = id
	}
	r.shapeOf[n] = id
	return id
}

// siblings adds the lines of gs, drawn below a parent whose own prefix is
// indent; top is set for the roots, which get no connector.
func (r *renderer) siblings(gs []group, indent string, top bool) {
	for i, g := range gs {
		last := i == len(gs)-1
		connector, childIndent := "├── ", indent+"│   "
		if last {
			connector, childIndent = "└── ", indent+"    "
		}
		if top {
			connector, childIndent = "", ""
		}
		r.lines = append(r.lines, describe(g, indent+connector))
		// Members of a group have the same shape, so their children line
		// up position by position.
		children := make([]group, len(g[0].Children))
		for k := range children {
			for _, n := range g {
				children[k] = append(children[k], n.Children[k])
			}
		}
		r.siblings(r.group(children), childIndent, false)
	}
}

// describe makes the line of a group.
func describe(g group, prefix string) line {
	s := g[0].Span
	l := line{label: prefix + s.Name}
	if len(g) > 1 {
		l.label += " ×" + strconv.Itoa(len(g))
	}
	l.duration = durations(g)
	if s.Kind != trace.SpanKindInternal && s.Kind != trace.SpanKindUnspecified {
		l.notes = append(l.notes, kindName(s.Kind))
	}
	if s.Status == "Error" {
		note := "error"
		if s.StatusDescription != "" {
			note += ": " + s.StatusDescription
		}
		l.notes = append(l.notes, note)
	}
	if g[0].Orphan {
		l.notes = append(l.notes, "(parent not in dump)")
	}
	if g[0].InCycle {
		l.notes = append(l.notes, "(parent chain loops)")
	}
	return l
}

// durations is the duration of a group's span, or the range of its
// spans' durations; "" without timestamps.
func durations(g group) string {
	var lo, hi time.Duration
	for i, n := range g {
		d, ok := n.Span.Duration()
		if !ok {
			return ""
		}
		if i == 0 || d < lo {
			lo = d
		}
		if i == 0 || d > hi {
			hi = d
		}
	}
	if a, b := FormatDuration(lo), FormatDuration(hi); a != b {
		return a + "–" + b
	}
	return FormatDuration(lo)
}

func kindName(k trace.SpanKind) string {
	switch k {
	case trace.SpanKindServer, trace.SpanKindClient, trace.SpanKindProducer, trace.SpanKindConsumer:
		return k.String()
	}
	return "kind " + strconv.Itoa(int(k))
}

// write aligns the durations in a column after the longest label, and
// right-aligns them so that their units line up.
func (r *renderer) write(w *bufio.Writer) {
	nameCol, durCol := 0, 0
	for _, l := range r.lines {
		if n := utf8.RuneCountInString(l.label); n <= maxNameColumn {
			nameCol = max(nameCol, n)
		}
		durCol = max(durCol, utf8.RuneCountInString(l.duration))
	}
	for _, l := range r.lines {
		var b strings.Builder
		b.WriteString(l.label)
		if durCol > 0 {
			b.WriteString(strings.Repeat(" ", max(0, nameCol-utf8.RuneCountInString(l.label))+2))
			b.WriteString(strings.Repeat(" ", durCol-utf8.RuneCountInString(l.duration)))
			b.WriteString(l.duration)
		}
		for _, n := range l.notes {
			b.WriteString("  " + n)
		}
		w.WriteString(strings.TrimRight(b.String(), " ") + "\n")
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// FormatDuration writes d with three significant digits in the largest
// unit below it (850ns, 12.3µs, 1.5ms, 2.35s), and from a minute on to the
// second (1m5s).
func FormatDuration(d time.Duration) string {
	if d < 0 {
		return "-" + FormatDuration(-d)
	}
	if d < time.Microsecond {
		return strconv.FormatInt(int64(d), 10) + "ns"
	}
	if d < time.Minute {
		d = roundSignificant(d, 3)
	}
	switch {
	case d < time.Millisecond:
		return decimal(d, time.Microsecond) + "µs"
	case d < time.Second:
		return decimal(d, time.Millisecond) + "ms"
	case d < time.Minute:
		return decimal(d, time.Second) + "s"
	}
	return d.Round(time.Second).String()
}

// roundSignificant rounds d, half away from zero, to n significant digits.
func roundSignificant(d time.Duration, n int) time.Duration {
	digits := len(strconv.FormatInt(int64(d), 10))
	if digits <= n {
		return d
	}
	p := time.Duration(1)
	for range digits - n {
		p *= 10
	}
	return (d + p/2) / p * p
}

// decimal writes d in unit with as many decimals as it needs and no more.
func decimal(d, unit time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(unit), 'f', -1, 64)
}
