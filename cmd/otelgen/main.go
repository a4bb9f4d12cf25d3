// Command otelgen injects OpenTelemetry spans and context passing into Go
// packages: functions that take a context, go statements and channel
// pipelines, so that one request stays one trace across goroutines. It
// can strip exactly what it injected. Run "otelgen -h" for usage.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/golist"
	"github.com/ctxtrace/ctxtrace/internal/version"
	"github.com/ctxtrace/ctxtrace/rewrite"
	"github.com/ctxtrace/ctxtrace/rewrite/overlay"
)

const usage = `usage: otelgen [-w | -d | -l | -check] [flags] [packages]
       otelgen [flags] go build|install|run|test|vet [go flags] [packages]
       otelgen overlay [flags] [packages]
       otelgen tree [-v] [-fold] [file ...]

otelgen injects OpenTelemetry spans and context passing into the named
packages (default "."): a span for every function that takes a context
and does work with it (launches goroutines, uses channels, waits, calls
what can fail) without letting it out, and for every HTTP handler; a child
span for such go statements; a span per item for range and select loops
over channels, with the item's context carried through the pipeline.
-all spans every function, goroutine and item with a context; README.md
states the rule in full. Every injected statement, import and declaration
ends in //otelgen:gen; declarations of its own go into the package's
otelgen_gen.go, and -w adds the requirements they need to go.mod (each
marked otelgen:gen). -strip removes exactly all of these.

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

To look at a trace, pipe the output of a program built with -init and run
with OTEL_TRACES_EXPORTER=console into "otelgen tree", which draws each
trace as a tree of spans with durations and errors ("otelgen tree -h").

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
	fs := quietFlagSet("otelgen")
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
		modFile   = fs.String("modfile", "", "use this `file` instead of go.mod, as go build -modfile (or GOFLAGS) does")
		functions = fs.Bool("functions", true, "inject a span into functions that take a context.Context or serve HTTP")
		goroutine = fs.Bool("goroutines", true, "run goroutines started with a context in scope in a child span")
		pipelines = fs.Bool("pipelines", true, "inject a span per item into loops over channels and carry item contexts")
		allSpans  = fs.Bool("all", false, "span every function, goroutine and channel item with a context, not only those that do work")
		initSDK   = fs.Bool("init", false, "make package main's func main configure the OpenTelemetry SDK from OTEL_* variables and flush it on return")
		deps      = fs.String("deps", "none", "with go and overlay: none instruments the named packages; module also the main module's packages they import")
		showVer   = fs.Bool("version", false, "print otelgen's version and exit")
	)
	if err := fs.Parse(args); err != nil {
		return parseFailed(fs, usage, err, stderr)
	}
	if *showVer {
		fmt.Fprintf(stdout, "otelgen version %s\n", version.String())
		return 0
	}
	var sub string
	if fs.NArg() > 0 && (fs.Arg(0) == "go" || fs.Arg(0) == "overlay") {
		sub = fs.Arg(0)
		if sub == "overlay" {
			// otelgen overlay takes otelgen's flags after the word too.
			if err := fs.Parse(fs.Args()[1:]); err != nil {
				return parseFailed(fs, usage, err, stderr)
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
		return usageError(stderr, "otelgen", "-w, -d, -l and -check exclude each other")
	}
	cfg := rewrite.Config{
		NoFunctions:  !*functions,
		NoGoroutines: !*goroutine,
		NoPipelines:  !*pipelines,
		AllSpans:     *allSpans,
		Init:         *initSDK,
		TracerName:   *tracer,
		Templates:    *templates,
		Strip:        *stripMode,
	}
	if *tags != "" {
		cfg.BuildFlags = []string{"-tags=" + *tags}
	}
	env, envModFile, err := golist.MoveGOFLAGSModFile(os.Environ())
	if err != nil {
		return fail(stderr, err)
	}
	if envModFile != "" {
		cfg.Env = env
	}
	if *modFile == "" {
		*modFile = envModFile
	} else if sub == "go" {
		return usageError(stderr, "otelgen", "pass -modfile to the go command (otelgen go build -modfile=...), not to otelgen")
	}
	if *modFile != "" {
		cfg.BuildFlags = append(cfg.BuildFlags, "-modfile="+*modFile)
	}
	if *verbose {
		cfg.Log = func(format string, args ...any) { fmt.Fprintf(stderr, "otelgen: "+format+"\n", args...) }
	}
	if sub != "" {
		if modes > 0 || *stripMode {
			return usageError(stderr, "otelgen", "-w, -d, -l, -check and -strip do not apply to otelgen "+sub)
		}
		if *deps != "none" && *deps != "module" {
			return usageError(stderr, "otelgen", "-deps="+*deps+": want none or module")
		}
		ocfg := overlay.Config{Rewrite: cfg, ModuleDeps: *deps == "module", Log: cfg.Log}
		if sub == "go" {
			if *tags != "" {
				return usageError(stderr, "otelgen", "pass -tags to the go command (otelgen go build -tags=...), not to otelgen")
			}
			return runGoCommand(ocfg, fs.Args()[1:], stderr)
		}
		return printOverlay(ocfg, fs.Args(), stdout, stderr)
	}
	changes, err := rewrite.Run(cfg, fs.Args()...)
	if err != nil {
		return fail(stderr, err)
	}
	modChanges, err := rewrite.ModuleChanges(cfg, changes)
	if err != nil {
		return fail(stderr, err)
	}
	changes = append(changes, modChanges...)
	switch {
	case *write:
		if err := rewrite.Write(changes); err != nil {
			return fail(stderr, err)
		}
		reportModuleChanges(stderr, modChanges, *stripMode)
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

// reportModuleChanges says in one line that -w edited go.mod, which a
// user may not expect of a source rewriter.
func reportModuleChanges(stderr io.Writer, changes []rewrite.Change, strip bool) {
	if len(changes) == 0 {
		return
	}
	var names []string
	for _, c := range changes {
		names = append(names, rewrite.RelPath(c.Path))
	}
	what := "requires the OpenTelemetry modules the injected code imports (marked otelgen:gen; -strip removes them)"
	if strip {
		what = "no longer requires the modules otelgen added"
	}
	fmt.Fprintf(stderr, "otelgen: %s: %s\n", strings.Join(names, ", "), what)
}

// quietFlagSet returns a flag set that prints nothing itself: the flag
// package would print the whole usage after a mistake, and one line that
// names the mistake is easier to read (as ctxlint does it).
func quietFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFailed handles an error of fs.Parse: -h prints help and the
// flags and succeeds, anything else is a usage error.
func parseFailed(fs *flag.FlagSet, help string, err error, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stderr, help)
		fs.SetOutput(stderr)
		fs.PrintDefaults()
		return 0
	}
	return usageError(stderr, fs.Name(), err.Error())
}

// usageError reports a bad command line of the named command in one line
// and returns the exit status for it.
func usageError(stderr io.Writer, name, msg string) int {
	fmt.Fprintf(stderr, "%s: %s (run '%s -h' for usage)\n", name, msg, name)
	return 2
}

// fail reports err as one "otelgen: ..." line and returns the exit status
// of an error.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintln(stderr, "otelgen: "+strings.TrimSpace(err.Error()))
	return 2
}
