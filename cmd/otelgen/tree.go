package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ctxtrace/ctxtrace/rewrite/spantree"
)

const treeUsage = `usage: otelgen tree [-v] [-fold] [file ...]

otelgen tree prints the spans that the OpenTelemetry Go SDK's stdout
exporter writes (OTEL_TRACES_EXPORTER=console, one JSON object per span,
compact or pretty-printed) as an indented tree per trace, traces in the
order their roots started, children in the order they started. Each line
shows the span's name and duration, its kind unless internal, and its
status when it is Error; a span whose parent is not in the dump is drawn
as a root marked "(parent not in dump)".

It reads the named files, or standard input when there are none ("-" is
standard input too), and skips the lines that are not spans, such as the
traced program's own output:

  OTEL_TRACES_EXPORTER=console ./app | otelgen tree

Exit status: 0 success, 2 error (bad flags, unreadable input, no spans).

Flags:
  -h	print this help
`

func runTree(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := quietFlagSet("otelgen tree")
	var (
		verbose = fs.Bool("v", false, "say on standard error how many spans, traces and skipped lines were read")
		fold    = fs.Bool("fold", false, "draw a run of identical sibling spans once, as \"name ×N\" with the range of their durations")
	)
	files, err := treeArgs(fs, args)
	if err != nil {
		return parseFailed(fs, treeUsage, err, stderr)
	}
	if len(files) == 0 {
		files = []string{"-"}
	}

	var dump spantree.Dump
	for _, name := range files {
		if err := treeRead(&dump, name, stdin, stderr); err != nil {
			fmt.Fprintln(stderr, "otelgen tree: "+err.Error())
			return 2
		}
	}
	if *verbose {
		treeLog(stderr, &dump)
	}
	if len(dump.Spans) == 0 {
		fmt.Fprintf(stderr, "otelgen tree: no spans in %s (run the program with OTEL_TRACES_EXPORTER=console)\n", treeInputs(files))
		return 2
	}
	traces := spantree.Build(dump.Spans)
	if *verbose {
		fmt.Fprintf(stderr, "otelgen tree: %d span%s in %d trace%s\n", len(dump.Spans), treePlural(len(dump.Spans)), len(traces), treePlural(len(traces)))
	}
	if err := spantree.Render(stdout, traces, spantree.Options{Fold: *fold}); err != nil {
		fmt.Fprintln(stderr, "otelgen tree: write output: "+err.Error())
		return 2
	}
	return 0
}

// treeArgs parses flags wherever they are among the file names,
// so that "otelgen tree dump.json -fold" folds; after "--" every argument
// is a file.
func treeArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return files, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(files, rest...), nil
		}
		files = append(files, rest[0])
		args = rest[1:]
	}
}

func treeRead(dump *spantree.Dump, name string, stdin io.Reader, stderr io.Writer) error {
	if name == "-" {
		if f, ok := stdin.(*os.File); ok {
			// Without a pipe the command would seem to hang.
			if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
				fmt.Fprintln(stderr, "otelgen tree: reading spans from the terminal; pipe a program's output in, or end with Ctrl-D")
			}
		}
		return dump.Read(stdin, "standard input")
	}
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return dump.Read(bufio.NewReader(f), name)
}

func treeLog(stderr io.Writer, dump *spantree.Dump) {
	if dump.Skipped == 1 {
		fmt.Fprintln(stderr, "otelgen tree: skipped 1 line that is not a span")
	} else {
		fmt.Fprintf(stderr, "otelgen tree: skipped %d lines that are not spans\n", dump.Skipped)
	}
	if dump.Malformed > 0 {
		fmt.Fprintf(stderr, "otelgen tree: %d object%s looked like spans but did not decode; the first: %v\n", dump.Malformed, treePlural(dump.Malformed), dump.FirstMalformed)
	}
	if dump.Duplicates > 0 {
		fmt.Fprintf(stderr, "otelgen tree: ignored %d span%s read twice\n", dump.Duplicates, treePlural(dump.Duplicates))
	}
}

func treeInputs(files []string) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f
		if f == "-" {
			names[i] = "standard input"
		}
	}
	return strings.Join(names, ", ")
}

func treePlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
