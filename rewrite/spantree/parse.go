// Package spantree reads the spans that the OpenTelemetry Go SDK's stdout
// exporter (go.opentelemetry.io/otel/exporters/stdout/stdouttrace, which
// OTEL_TRACES_EXPORTER=console selects) writes, and renders them as one
// indented tree per trace.
//
// The exporter writes one JSON object per span, on one line by default or
// tab-indented over many with WithPrettyPrint. It usually shares standard
// output with the program it traces, so the reader skips, and counts, every
// line that is not part of a span.
package spantree

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// A Span is what the tree needs of one exported span.
type Span struct {
	Name     string
	TraceID  string // 32 lower-case hex digits
	SpanID   string // 16 lower-case hex digits
	ParentID string // "" for a span that was started as a root
	Kind     trace.SpanKind
	// Start and End are zero when the exporter ran WithoutTimestamps.
	Start, End        time.Time
	Status            string // "Unset", "Ok" or "Error"
	StatusDescription string
	Service           string // the resource's service.name
}

// Duration is how long the span ran, and false when the dump has no
// timestamps for it.
func (s *Span) Duration() (time.Duration, bool) {
	if s.Start.IsZero() || s.End.IsZero() {
		return 0, false
	}
	return s.End.Sub(s.Start), true
}

// A Dump collects the spans of one or more inputs.
type Dump struct {
	Spans []Span
	// Skipped counts the input lines that are not part of a span: the
	// traced program's own output, blank lines included.
	Skipped int
	// Duplicates counts spans read again under a trace and span ID already
	// seen, as when the same dump is passed twice; the first copy is kept.
	Duplicates int
	// Malformed counts the JSON objects that looked like spans (they have a
	// SpanContext field) but did not decode as one, such as a line cut short;
	// their lines are counted in Skipped too.
	Malformed int
	// FirstMalformed says where the first of them was and what was wrong.
	FirstMalformed error

	seen map[[2]string]bool
}

// Read adds the spans of r to d. name says where r comes from, in errors.
// Only a failure to read r is an error: input that holds no spans is not.
func (d *Dump) Read(r io.Reader, name string) error {
	br := bufio.NewReader(r)
	var (
		lineNo  int
		pending []string // the lines of a pretty-printed object being read
		start   int      // the line number of pending's first line
	)
	flushPending := func() {
		d.Skipped += len(pending)
		pending = pending[:0]
	}
	for {
		raw, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read %s: %w", name, err)
		}
		if raw == "" && err != nil {
			break
		}
		lineNo++
		line := strings.TrimRight(raw, "\r\n")

		if len(pending) > 0 {
			switch {
			case line == "}":
				pending = append(pending, line)
				d.addObject(strings.Join(pending, "\n"), len(pending), name, start)
				pending = pending[:0]
				continue
			case strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " "):
				pending = append(pending, line)
				continue
			default:
				// Not the inside of an indented object after all: give up
				// on it and read this line afresh.
				flushPending()
			}
		}

		switch i := spanStart(line); {
		case i >= 0:
			d.addObject(line[i:], 1, name, lineNo)
		case strings.HasSuffix(strings.TrimRight(line, " \t"), "{"):
			// The exporter's pretty output opens with a "{" line; anything
			// before the brace is program output that did not end its line.
			pending = append(pending, "{")
			start = lineNo
		default:
			d.Skipped++
		}
		if err != nil {
			break
		}
	}
	flushPending()
	return nil
}

// spanStart is where a one-line span object begins in line, or -1. The
// exporter writes the Name field first, and its output may follow program
// output that did not end its line.
func spanStart(line string) int {
	if i := strings.Index(line, `{"Name":`); i >= 0 {
		return i
	}
	if t := strings.TrimSpace(line); strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		return strings.Index(line, "{")
	}
	return -1
}

// addObject decodes one JSON object of lines lines, read from line lineNo of
// name, and keeps it if it is a span.
func (d *Dump) addObject(text string, lines int, name string, lineNo int) {
	s, looksLikeSpan, err := decodeSpan(text)
	if err != nil {
		d.Skipped += lines
		if looksLikeSpan {
			d.Malformed++
			if d.FirstMalformed == nil {
				d.FirstMalformed = fmt.Errorf("%s:%d: %w", name, lineNo, err)
			}
		}
		return
	}
	key := [2]string{s.TraceID, s.SpanID}
	if d.seen[key] {
		d.Duplicates++
		return
	}
	if d.seen == nil {
		d.seen = make(map[[2]string]bool)
	}
	d.seen[key] = true
	d.Spans = append(d.Spans, s)
}

// stub mirrors the fields of tracetest.SpanStub, as encoding/json writes
// it, that the tree shows.
type stub struct {
	Name        *string
	SpanContext *struct{ TraceID, SpanID string }
	Parent      struct{ TraceID, SpanID string }
	SpanKind    kindJSON
	StartTime   time.Time
	EndTime     time.Time
	Status      struct {
		Code        codeJSON
		Description string
	}
	Resource []struct {
		Key   string
		Value struct{ Value any }
	}
}

// decodeSpan decodes text as an exported span. looksLikeSpan reports
// whether a failure is worth telling about: the object has a Name and a
// SpanContext, so it was meant to be a span, rather than being some other
// JSON the program printed.
func decodeSpan(text string) (s Span, looksLikeSpan bool, err error) {
	var st stub
	if err := json.Unmarshal([]byte(text), &st); err != nil {
		return Span{}, strings.Contains(text, `"SpanContext"`), fmt.Errorf("not a span: %w", err)
	}
	if st.Name == nil || st.SpanContext == nil {
		return Span{}, false, errors.New("not a span: no Name or SpanContext")
	}
	if !isHexID(st.SpanContext.TraceID, 32) || !isHexID(st.SpanContext.SpanID, 16) {
		return Span{}, true, fmt.Errorf("span %q: invalid trace or span ID %q/%q", *st.Name, st.SpanContext.TraceID, st.SpanContext.SpanID)
	}
	s = Span{
		Name:              *st.Name,
		TraceID:           strings.ToLower(st.SpanContext.TraceID),
		SpanID:            strings.ToLower(st.SpanContext.SpanID),
		Kind:              trace.SpanKind(st.SpanKind),
		Start:             st.StartTime,
		End:               st.EndTime,
		Status:            string(st.Status.Code),
		StatusDescription: st.Status.Description,
	}
	if isHexID(st.Parent.SpanID, 16) {
		s.ParentID = strings.ToLower(st.Parent.SpanID)
	}
	for _, kv := range st.Resource {
		if v, ok := kv.Value.Value.(string); ok && kv.Key == "service.name" {
			s.Service = v
		}
	}
	return s, true, nil
}

// isHexID reports whether id is n hex digits, not all zero: the SDK writes
// the all-zero ID for a root span's missing parent.
func isHexID(id string, n int) bool {
	if len(id) != n {
		return false
	}
	nonZero := false
	for _, c := range id {
		switch {
		case c == '0':
		case '1' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			nonZero = true
		default:
			return false
		}
	}
	return nonZero
}

// kindJSON is a span kind as the exporter writes it, a number, or by name
// as other tools spell it.
type kindJSON trace.SpanKind

func (k *kindJSON) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*k = kindJSON(n)
		return nil
	}
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return fmt.Errorf("SpanKind %s: want a number or a name", b)
	}
	kind := trace.SpanKindUnspecified
	for _, c := range []trace.SpanKind{trace.SpanKindInternal, trace.SpanKindServer, trace.SpanKindClient, trace.SpanKindProducer, trace.SpanKindConsumer} {
		if strings.EqualFold(strings.TrimPrefix(strings.ToLower(name), "span_kind_"), c.String()) {
			kind = c
		}
	}
	*k = kindJSON(kind)
	return nil
}

// codeJSON is a status code: the exporter writes its name (codes.Code's
// MarshalJSON), and the numbers 0, 1, 2 of the codes package mean the same.
type codeJSON string

func (c *codeJSON) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		names := []string{"Unset", "Error", "Ok"}
		if n < 0 || n >= len(names) {
			return fmt.Errorf("status code %d: want 0, 1 or 2", n)
		}
		*c = codeJSON(names[n])
		return nil
	}
	var name string
	if err := json.Unmarshal(b, &name); err != nil {
		return fmt.Errorf("status code %s: want a name or a number", b)
	}
	for _, known := range []string{"Unset", "Error", "Ok"} {
		if strings.EqualFold(strings.TrimPrefix(strings.ToLower(name), "status_code_"), known) {
			name = known
		}
	}
	*c = codeJSON(name)
	return nil
}
