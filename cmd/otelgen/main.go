// Command otelgen injects OpenTelemetry spans and context passing into Go
// packages: functions that take a context, go statements and channel
// pipelines, so that one request stays one trace across goroutines. It
// can strip exactly what it injected. Run "otelgen -h" for usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ctxtrace/ctxtrace/rewrite"
	"github.com/ctxtrace/ctxtrace/rewrite/overlay"
)

const usage = `usage: otelgen [-w | -d | -l | -check] [flags] [packages]
       otelgen [flags] go build|install|run|test|vet [go flags] [packages]
       otelgen overlay [flags] [packages]
       otelgen tree [-v] [-fold] [file ...]

otelgen injects OpenTelemetry spans and context passing into the named
packages (default "."): a span for every function whose first parameter is
a context.Context (and every HTTP handler), a child span for every go
statement with a context in scope, and a span per item for every range or
select loop over a channel, with the item's context carried through the
pipeline. Every injected statement, import and declaration ends in
//otelgen:gen; -strip removes exactly them.

Without -w, -l or -check it prints the changes as a unified diff.
For go generate: //go:generate go run github.com/ctxtrace/ctxtrace/cmd/otelgen -w .

At build time, without touching the source tree:
  otelgen go build ./...     rewrites the packages into a cache and runs
                             go build -overlay=<cache file> ./... (likewise
                             install, run, test and vet); the go command's
                             exit status is otelgen's
  otelgen overlay ./...      prints that overlay file's path, for
                             go build -overlay=$(otelgen overlay ./...) ./...
The cache is $OTELGEN_CACHE, or otelgen under the user cache directory.
Packages in the module cache or GOROOT stay uninstrumented.

To look at a trace: run a program built with -init and
OTEL_TRACES_EXPORTER=console and pipe its output into "otelgen tree", which
draws each trace as a tree of spans with durations and errors
("otelgen tree -h" for its flags).

Exit status: 0 success, 1 -check found files that would change, 2 error
(bad flags, packages that do not load or type-check, a file not written).

Flags:
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "tree" {
		return runTree(args[1:], os.Stdin, stdout, stderr)
	}
	fs := flag.NewFlagSet("otelgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	var (
		write     = fs.Bool("w", false, "write the result to the source files instead of printing a diff")
		diff      = fs.Bool("d", false, "print a unified diff of the changes (the default)")
		list      = fs.Bool("l", false, "list the files that would change")
		check     = fs.Bool("check", false, "exit with status 1 if any file would change (for CI and pre-commit)")
		stripMode = fs.Bool("strip", false, "remove what otelgen injected instead of injecting")
		verbose   = fs.Bool("v", false, "explain what was left alone and why (channels kept plain, functions ignored)")
		tracer    = fs.String("tracer", "", "instrumentation scope name for otel.Tracer (default: the package's import path)")
		templates = fs.String("templates", "", "directory of *.tmpl files replacing the embedded templates of the same name")
		tags      = fs.String("tags", "", "comma-separated build tags to load the packages with")
		functions = fs.Bool("functions", true, "inject a span into functions that take a context.Context or serve HTTP")
		goroutine = fs.Bool("goroutines", true, "run goroutines started with a context in scope in a child span")
		pipelines = fs.Bool("pipelines", true, "inject a span per item into loops over channels and carry item contexts")
		initSDK   = fs.Bool("init", false, "make package main's func main configure the OpenTelemetry SDK from OTEL_* variables and flush it on return")
		deps      = fs.String("deps", "none", "with go and overlay: none instruments the named packages; module also the main module's packages they import")
	)
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	var sub string
	if fs.NArg() > 0 && (fs.Arg(0) == "go" || fs.Arg(0) == "overlay") {
		sub = fs.Arg(0)
		if sub == "overlay" {
			// otelgen overlay takes otelgen's flags after the word too.
			if err := fs.Parse(fs.Args()[1:]); err != nil {
				return 2
			}
		}
	}
	modes := 0
	for _, m := range []bool{*write, *diff, *list, *check} {
		if m {
			modes++
		}
	}
	if modes > 1 {
		fmt.Fprintln(stderr, "otelgen: -w, -d, -l and -check exclude each other")
		return 2
	}
	cfg := rewrite.Config{
		NoFunctions:  !*functions,
		NoGoroutines: !*goroutine,
		NoPipelines:  !*pipelines,
		Init:         *initSDK,
		TracerName:   *tracer,
		Templates:    *templates,
		Strip:        *stripMode,
	}
	if *tags != "" {
		cfg.BuildFlags = []string{"-tags=" + *tags}
	}
	if *verbose {
		cfg.Log = func(format string, args ...any) { fmt.Fprintf(stderr, "otelgen: "+format+"\n", args...) }
	}
	if sub != "" {
		if modes > 0 || *stripMode {
			fmt.Fprintf(stderr, "otelgen: -w, -d, -l, -check and -strip do not apply to otelgen %s\n", sub)
			return 2
		}
		if *deps != "none" && *deps != "module" {
			fmt.Fprintf(stderr, "otelgen: -deps=%s: want none or module\n", *deps)
			return 2
		}
		ocfg := overlay.Config{Rewrite: cfg, ModuleDeps: *deps == "module", Log: cfg.Log}
		if sub == "go" {
			if *tags != "" {
				fmt.Fprintln(stderr, "otelgen: pass -tags to the go command (otelgen go build -tags=...), not to otelgen")
				return 2
			}
			return runGoCommand(ocfg, fs.Args()[1:], stderr)
		}
		return printOverlay(ocfg, fs.Args(), stdout, stderr)
	}
	changes, err := rewrite.Run(cfg, fs.Args()...)
	if err != nil {
		return fail(stderr, err)
	}
	switch {
	case *write:
		if err := rewrite.Write(changes); err != nil {
			return fail(stderr, err)
		}
	case *list, *check:
		for _, c := range changes {
			fmt.Fprintln(stdout, rewrite.RelPath(c.Path))
		}
		if *check && len(changes) > 0 {
			return 1
		}
	default:
		for _, c := range changes {
			fmt.Fprint(stdout, rewrite.Diff(c))
		}
	}
	return 0
}

// fail reports err as one "otelgen: ..." line and returns the exit status
// of an error.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "otelgen: "+strings.TrimSpace(err.Error()))
	return 2
}
