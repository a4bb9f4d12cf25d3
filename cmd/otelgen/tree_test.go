package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// checkoutDump is what the SDK's stdout exporter writes for a request with
// three identical lookups and a failed charge, between two lines of the
// program's own output.
func checkoutDump(t *testing.T) string {
	t.Helper()
	var out bytes.Buffer
	exp, err := stdouttrace.New(stdouttrace.WithWriter(&out))
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tr := tp.Tracer("tree-test")
	t0 := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	at := func(d time.Duration) trace.SpanEventOption { return trace.WithTimestamp(t0.Add(d)) }

	out.WriteString("starting\n")
	ctx, root := tr.Start(context.Background(), "checkout", at(0), trace.WithSpanKind(trace.SpanKindServer))
	for i := range 3 {
		from := time.Duration(i+1) * time.Millisecond
		_, lookup := tr.Start(ctx, "lookup", at(from))
		lookup.End(at(from + 500*time.Microsecond))
	}
	_, charge := tr.Start(ctx, "charge", at(5*time.Millisecond), trace.WithSpanKind(trace.SpanKindClient))
	charge.SetStatus(codes.Error, "card declined")
	charge.End(at(7 * time.Millisecond))
	root.End(at(8 * time.Millisecond))
	out.WriteString("done\n")
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

const checkoutTree = `checkout      8ms  server
├── lookup  500µs
├── lookup  500µs
├── lookup  500µs
└── charge    2ms  client  error: card declined
`

const checkoutFolded = `checkout         8ms  server
├── lookup ×3  500µs
└── charge       2ms  client  error: card declined
`

func TestTree(t *testing.T) {
	dump := checkoutDump(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "spans.json")
	if err := os.WriteFile(file, []byte(dump), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.txt")
	if err := os.WriteFile(empty, []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		args   []string
		stdin  string
		status int
		// tree is the expected standard output after the header line;
		// stderr lists strings the standard error must contain, in
		// order, or is empty when nothing may be written there.
		tree   string
		stderr []string
	}{
		{name: "stdin", stdin: dump, tree: checkoutTree},
		{name: "dash is stdin", args: []string{"-"}, stdin: dump, tree: checkoutTree},
		{name: "file", args: []string{file}, tree: checkoutTree},
		{name: "fold", args: []string{"-fold", file}, tree: checkoutFolded},
		{name: "flag after the file", args: []string{file, "-fold"}, tree: checkoutFolded},
		{name: "after -- a file may look like a flag", args: []string{"--", file}, tree: checkoutTree},
		{name: "a file with no spans next to one with", args: []string{empty, file}, tree: checkoutTree},
		{
			name: "verbose", args: []string{"-v"}, stdin: dump, tree: checkoutTree,
			stderr: []string{"otelgen tree: skipped 2 lines that are not spans\n", "otelgen tree: 5 spans in 1 trace\n"},
		},
		{
			name: "verbose, read twice", args: []string{"-v", file, file}, tree: checkoutTree,
			stderr: []string{"skipped 4 lines that are not spans", "ignored 5 spans read twice", "5 spans in 1 trace"},
		},
		{name: "help", args: []string{"-h"}, stderr: []string{"usage: otelgen tree", "-h\t", "-fold\n", "-v\t"}},
		{name: "unknown flag", args: []string{"-x"}, status: 2, stderr: []string{"otelgen tree: flag provided but not defined: -x (run 'otelgen tree -h' for usage)\n"}},
		{name: "missing file", args: []string{filepath.Join(dir, "nope.json")}, status: 2, stderr: []string{"otelgen tree: open ", "nope.json: no such file or directory\n"}},
		{name: "directory", args: []string{dir}, status: 2, stderr: []string{"otelgen tree: read " + dir + ": "}},
		{name: "no spans", stdin: "hello\nworld\n", status: 2, stderr: []string{"otelgen tree: no spans in standard input (run the program with OTEL_TRACES_EXPORTER=console)\n"}},
		{name: "empty input", status: 2, stderr: []string{"otelgen tree: no spans in standard input"}},
		{name: "no spans in files", args: []string{empty, empty}, status: 2, stderr: []string{"no spans in " + empty + ", " + empty + " "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			status := runTree(tt.args, strings.NewReader(tt.stdin), &stdout, &stderr)
			if status != tt.status {
				t.Errorf("exit status %d, want %d; stderr:\n%s", status, tt.status, stderr.String())
			}
			out := stdout.String()
			if tt.tree != "" {
				header, tree, _ := strings.Cut(out, "\n")
				if !strings.HasPrefix(header, "trace ") || !strings.HasSuffix(header, ": 5 spans, 8ms") {
					t.Errorf("header %q, want trace <id>: 5 spans, 8ms", header)
				}
				if tree != tt.tree {
					t.Errorf("tree:\n%s\nwant:\n%s", tree, tt.tree)
				}
			} else if out != "" {
				t.Errorf("printed %q, want nothing on standard output", out)
			}
			rest := stderr.String()
			for _, want := range tt.stderr {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("stderr lacks %q (after the earlier expected parts):\n%s", want, stderr.String())
				}
				rest = rest[i+len(want):]
			}
			if len(tt.stderr) == 0 && stderr.Len() > 0 {
				t.Errorf("stderr %q, want nothing", stderr.String())
			}
			if tt.status == 2 && strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("error %q, want one line", stderr.String())
			}
		})
	}
}

// TestTreeHelp checks that -h gives every flag a one-line meaning.
func TestTreeHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := runTree([]string{"-h"}, strings.NewReader(""), &stdout, &stderr); status != 0 {
		t.Fatalf("exit status %d, want 0", status)
	}
	help := stderr.String()
	for _, flag := range []string{"-h", "-v", "-fold"} {
		i := strings.Index(help, "\n  "+flag)
		if i < 0 {
			t.Errorf("help does not list %s:\n%s", flag, help)
			continue
		}
		entry := help[i+len("\n  "+flag):]
		entry, _, _ = strings.Cut(strings.TrimLeft(entry, "\t\n "), "\n")
		if len(strings.Fields(entry)) < 3 {
			t.Errorf("help gives %s no meaning: %q", flag, entry)
		}
	}
}
