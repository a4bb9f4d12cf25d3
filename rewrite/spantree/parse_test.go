package spantree_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/ctxtrace/ctxtrace/rewrite/spantree"
)

// nested is a root with two children, the first with a child of its own,
// and a line of program output.
func nested(tr trace.Tracer, print func(string)) {
	c := newClock(tr)
	ctx, root := c.start(context.Background(), "root", 0)
	actx, a := c.start(ctx, "a", time.Microsecond)
	_, a1 := c.start(actx, "a1", 2*time.Microsecond)
	c.end(a1, 3*time.Microsecond)
	c.end(a, 4*time.Microsecond)
	print("between\n")
	_, b := c.start(ctx, "b", 5*time.Microsecond)
	c.end(b, 6*time.Microsecond)
	c.end(root, 7*time.Microsecond)
}

const nestedTree = `trace 00000000000000000000000000000001: 4 spans, 7µs, service shop
root        7µs
├── a       3µs
│   └── a1  1µs
└── b       1µs
`

func TestNested(t *testing.T) {
	out, _ := sdkDump(t, dumpOptions{}, nested)
	assertTree(t, render(t, read(t, out), spantree.Options{}), nestedTree, out)
}

func TestParse(t *testing.T) {
	compact, _ := sdkDump(t, dumpOptions{}, nested)
	pretty, _ := sdkDump(t, dumpOptions{pretty: true}, nested)
	compactLines := strings.SplitAfter(compact, "\n")
	// compactLines: a1, a, "between", b, root, "".
	if len(compactLines) != 6 || compactLines[2] != "between\n" {
		t.Fatalf("the compact dump is not one line per span:\n%s", compact)
	}
	// The lines of the first pretty-printed span, a1's.
	a1Lines := strings.Count(strings.SplitAfter(pretty, "\n}\n")[0], "\n")

	tests := []struct {
		name  string
		input string
		// spans is the names read, in order; skipped, malformed and
		// duplicates are the counts the dump must keep.
		spans                          string
		skipped, malformed, duplicates int
		tree                           string // if not "", the whole rendering
	}{
		{name: "compact", input: compact, spans: "a1 a b root", skipped: 1, tree: nestedTree},
		{name: "pretty", input: pretty, spans: "a1 a b root", skipped: 1, tree: nestedTree},
		{name: "CRLF", input: strings.ReplaceAll(compact, "\n", "\r\n"), spans: "a1 a b root", skipped: 1, tree: nestedTree},
		{name: "pretty CRLF", input: strings.ReplaceAll(pretty, "\n", "\r\n"), spans: "a1 a b root", skipped: 1, tree: nestedTree},
		{name: "no final newline", input: strings.TrimSuffix(compact, "\n"), spans: "a1 a b root", skipped: 1, tree: nestedTree},
		{name: "blank lines count", input: "\n\n" + compact, spans: "a1 a b root", skipped: 3},
		{
			name:  "read twice",
			input: compact + compact, spans: "a1 a b root", skipped: 2, duplicates: 4, tree: nestedTree,
		},
		{
			// A span cut short is malformed and missing: its child
			// becomes a root whose parent is not in the dump.
			name:  "truncated line",
			input: compactLines[0] + compactLines[1][:len(compactLines[1])/2] + "\n" + strings.Join(compactLines[2:], ""),
			spans: "a1 b root", skipped: 2, malformed: 1,
			tree: `trace 00000000000000000000000000000001: 3 spans, 7µs, service shop
root   7µs
└── b  1µs
a1     1µs  (parent not in dump)
`,
		},
		{
			// Program output cutting into a pretty-printed span loses that
			// span, all its lines skipped with the interrupting one, but
			// not the next ones.
			name:  "pretty span interrupted",
			input: strings.Replace(pretty, "\t\"SpanKind\": 1,\n", "\t\"SpanKind\": 1,\nINTERRUPTED\n", 1),
			spans: "a b root", skipped: a1Lines + 1 + 1,
		},
		{
			name:  "other JSON, compact and indented",
			input: `{"level":"info"}` + "\n{\n\t\"config\": {\n\t\t\"port\": 8080\n\t}\n}\n" + compact,
			spans: "a1 a b root", skipped: 1 + 5 + 1, tree: nestedTree,
		},
		{
			name:  "JSON with a SpanContext that is not a span",
			input: `{"Name":"x","SpanContext":{"TraceID":"zz","SpanID":"00"}}` + "\n" + compact,
			spans: "a1 a b root", skipped: 2, malformed: 1, tree: nestedTree,
		},
		{
			name:  "a brace line that never closes",
			input: "func main() {\n" + compact,
			spans: "a1 a b root", skipped: 2, tree: nestedTree,
		},
		{name: "no spans", input: "hello\nworld\n", skipped: 2},
		{name: "empty", input: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := read(t, tt.input)
			var names []string
			for _, s := range d.Spans {
				names = append(names, s.Name)
			}
			if got := strings.Join(names, " "); got != tt.spans {
				t.Errorf("spans %q, want %q", got, tt.spans)
			}
			if d.Skipped != tt.skipped || d.Malformed != tt.malformed || d.Duplicates != tt.duplicates {
				t.Errorf("skipped %d, malformed %d, duplicates %d; want %d, %d, %d (first malformed: %v)",
					d.Skipped, d.Malformed, d.Duplicates, tt.skipped, tt.malformed, tt.duplicates, d.FirstMalformed)
			}
			if (d.Malformed > 0) != (d.FirstMalformed != nil) {
				t.Errorf("FirstMalformed %v with %d malformed", d.FirstMalformed, d.Malformed)
			}
			if tt.tree != "" {
				assertTree(t, render(t, d, spantree.Options{}), tt.tree, tt.input)
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	out, recorded := sdkDump(t, dumpOptions{}, shop)
	d := read(t, out)
	if len(d.Spans) != len(recorded) {
		t.Fatalf("read %d spans, the SDK ended %d", len(d.Spans), len(recorded))
	}
	byID := make(map[string]sdktrace.ReadOnlySpan)
	for _, r := range recorded {
		byID[r.SpanContext().SpanID().String()] = r
	}
	for i, s := range d.Spans {
		r := byID[s.SpanID]
		if r == nil {
			t.Errorf("span %d %s: ID %s is not one the SDK ended", i, s.Name, s.SpanID)
			continue
		}
		var parent string
		if r.Parent().SpanID().IsValid() {
			parent = r.Parent().SpanID().String()
		}
		want := spantree.Span{
			Name:              r.Name(),
			TraceID:           r.SpanContext().TraceID().String(),
			SpanID:            r.SpanContext().SpanID().String(),
			ParentID:          parent,
			Kind:              r.SpanKind(),
			Start:             r.StartTime(),
			End:               r.EndTime(),
			Status:            r.Status().Code.String(),
			StatusDescription: r.Status().Description,
			Service:           "shop",
		}
		if !s.Start.Equal(want.Start) || !s.End.Equal(want.End) {
			t.Errorf("span %d %s: times %v–%v, want %v–%v", i, s.Name, s.Start, s.End, want.Start, want.End)
		}
		s.Start, s.End, want.Start, want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if s != want {
			t.Errorf("span %d:\n%+v\nwant, as the SDK recorded it,\n%+v", i, s, want)
		}
	}
}

// Without timestamps there are no durations, and the order of the dump,
// the order spans ended in, stands in for the start order.
func TestNoTimestamps(t *testing.T) {
	out, _ := sdkDump(t, dumpOptions{noTimestamps: true}, nested)
	const want = `trace 00000000000000000000000000000001: 4 spans, service shop
root
├── a
│   └── a1
└── b
`
	assertTree(t, render(t, read(t, out), spantree.Options{}), want, out)
}

func TestReadError(t *testing.T) {
	var d spantree.Dump
	err := d.Read(failingReader{}, "dump.json")
	if err == nil || !strings.Contains(err.Error(), "dump.json") || !errors.Is(err, errDisk) {
		t.Errorf("Read: %v, want an error naming dump.json and wrapping %v", err, errDisk)
	}
}

var errDisk = errors.New("input/output error")

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errDisk }

// Only a corrupt dump has parent links that loop; each loop is broken at
// the span that comes first, which is drawn as a root.
func TestCycle(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	span := func(name, id, parent string, at time.Duration) spantree.Span {
		return spantree.Span{
			Name: name, TraceID: "0000000000000000000000000000000a", SpanID: id, ParentID: parent,
			Kind: trace.SpanKindInternal, Start: t0.Add(at), End: t0.Add(at + time.Millisecond), Status: "Unset",
		}
	}
	spans := []spantree.Span{
		span("root", "0000000000000001", "", 0),
		span("x", "0000000000000002", "0000000000000003", 2*time.Millisecond),
		span("y", "0000000000000003", "0000000000000002", 3*time.Millisecond),
		span("self", "0000000000000004", "0000000000000004", 4*time.Millisecond),
	}
	var b strings.Builder
	if err := spantree.Render(&b, spantree.Build(spans), spantree.Options{Fold: true}); err != nil {
		t.Fatal(err)
	}
	const want = `trace 0000000000000000000000000000000a: 4 spans, 5ms
root   1ms
x      1ms  (parent chain loops)
└── y  1ms
self   1ms  (parent chain loops)
`
	if b.String() != want {
		t.Errorf("tree:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestFormatDuration(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0ns"},
		{850, "850ns"},
		{999, "999ns"},
		{1000, "1µs"},
		{1234, "1.23µs"},
		{1235, "1.24µs"},
		{12345, "12.3µs"},
		{999499, "999µs"},
		{999500, "1ms"},
		{1500 * time.Microsecond, "1.5ms"},
		{3456789, "3.46ms"},
		{2350 * time.Millisecond, "2.35s"},
		{59949 * time.Millisecond, "59.9s"},
		{59950 * time.Millisecond, "1m0s"},
		{65400 * time.Millisecond, "1m5s"},
		{time.Hour + 23*time.Minute + 45600*time.Millisecond, "1h23m46s"},
		{-1500 * time.Nanosecond, "-1.5µs"},
	} {
		if got := spantree.FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%d) = %q, want %q", int64(tt.d), got, tt.want)
		}
	}
}
