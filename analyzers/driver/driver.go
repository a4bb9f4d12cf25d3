// Package driver runs analyzers over packages named on the command line,
// like x/tools' multichecker, on the public
// golang.org/x/tools/go/analysis/checker API. It keeps multichecker's
// flags, "file:line:col: message" text, JSON output, -fix and exit
// statuses, and adds SARIF output (-format=sarif) for code scanning. Its
// text output names files relative to the working directory, as go vet
// does, lists findings in source order, each once, and reports each load
// error once instead of adding a line per skipped analyzer.
//
// go vet -vettool talks to its tool through unitchecker's protocol; a
// command checks InvokedByVet first and hands such calls to multichecker.
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
)

// Driver is a command that runs a fixed set of analyzers.
type Driver struct {
	// Name is the command's name in messages and in SARIF's tool.driver.
	Name string
	// Usage is printed by -h before the list of flags.
	Usage string
	// Analyzers are all the analyzers the command can run.
	Analyzers []*analysis.Analyzer
	// InformationURI is the tool's home page in SARIF logs, if not empty.
	InformationURI string
	// Version is the tool's version in SARIF logs; empty means the
	// version of the module the binary was built from, if known.
	Version string
	// Dir is the working directory in which patterns are resolved and
	// against which printed paths are relative; empty means the
	// process's.
	Dir string
	// Env is the go command's environment; nil means the process's.
	Env []string
	// Stdout and Stderr receive output; nil means the process's.
	Stdout, Stderr io.Writer
}

// Exit statuses, those of multichecker.
const (
	exitOK       = 0
	exitFailed   = 1 // packages did not load, an analyzer or -fix failed
	exitUsage    = 2
	exitFindings = 3
)

// run is the state of one Main call.
type run struct {
	*Driver
	dir            string // Dir, or the process's working directory
	stdout, stderr io.Writer
	opts           *options
	analyzers      []*analysis.Analyzer // selected by the flags
}

// Main runs the command with args, the command line without the program
// name, and returns the exit status: 0 nothing reported, 3 diagnostics
// reported, 1 packages could not be loaded (or an analyzer or -fix
// failed), 2 a bad command line. With -json or -format=sarif the status
// is 0 unless loading fails.
func (d *Driver) Main(args []string) int {
	r := &run{Driver: d, dir: d.Dir, stdout: d.Stdout, stderr: d.Stderr}
	if r.stdout == nil {
		r.stdout = os.Stdout
	}
	if r.stderr == nil {
		r.stderr = os.Stderr
	}
	if r.dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			r.logf("finding the working directory: %v", err)
			return exitFailed
		}
		r.dir = wd
	}
	if err := analysis.Validate(d.Analyzers); err != nil {
		r.logf("%v", err)
		return exitFailed
	}

	fs := flag.NewFlagSet(d.Name, flag.ContinueOnError)
	r.opts = registerFlags(fs, d.Analyzers)
	// The flag package would print the whole usage after a mistake; one
	// line that names the mistake is easier to read.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(r.stderr, d.Usage)
			fs.SetOutput(r.stderr)
			fs.PrintDefaults()
			return exitOK
		}
		return r.usageError("%v", err)
	}
	if r.opts.printFlags || r.opts.version {
		return r.usageError("-flags and -V answer go vet's handshake; run %s as go vet -vettool=$(command -v %s)", d.Name, d.Name)
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		return r.usageError("no packages named (try %s ./...)", d.Name)
	}
	if patterns[0] == "help" {
		if err := d.help(r.stdout, fs, patterns[1:]); err != nil {
			return r.usageError("%v", err)
		}
		return exitOK
	}
	format, err := r.opts.outputFormat(fs)
	if err != nil {
		return r.usageError("%v", err)
	}
	r.analyzers = r.opts.selected(d.Analyzers)

	stopProfiles, err := r.startProfiles()
	if err != nil {
		r.logf("%v", err)
		return exitFailed
	}
	code := r.analyze(patterns, format)
	if err := stopProfiles(); err != nil {
		r.logf("%v", err)
		code = max(code, exitFailed)
	}
	return code
}

func (r *run) analyze(patterns []string, format string) int {
	if r.opts.debugging('v') {
		r.logf("load %s", patterns)
	}
	pkgs, err := r.load(patterns)
	if err != nil {
		r.logf("%s", r.shortenPaths(err.Error()))
		return exitFailed
	}
	code := exitOK
	loadErrs := r.loadErrors(pkgs)
	for _, line := range loadErrs {
		fmt.Fprintln(r.stderr, line)
	}
	if len(loadErrs) > 0 {
		code = exitFailed
	}

	opts := &checker.Options{Sequential: r.opts.debugging('p'), SanityCheck: r.opts.debugging('s')}
	if r.opts.debugging('f') {
		opts.FactLog = r.stderr
	}
	graph, err := checker.Analyze(r.analyzers, pkgs, opts)
	if err != nil {
		r.logf("%v", err)
		return exitFailed
	}
	defer r.printTimes(graph)
	findings := collectFindings(graph)
	failed, analysisErrs := r.analysisErrors(graph)

	switch {
	case r.opts.fix && len(loadErrs) > 0 && !r.opts.diff:
		// Fixes computed on packages that do not compile may be wrong,
		// and fixing only the packages that loaded leaves a half-done
		// change behind: change nothing (-h says so), beyond the load
		// errors printed already.
		return code
	case r.opts.fix:
		if err := r.applyFixes(graph, findings, r.opts.diff); err != nil {
			if !errors.Is(err, errReported) {
				r.logf("%v", err)
			}
			code = exitFailed
		}
		return code
	case format == formatJSON:
		dropRepeatedDiagnostics(graph)
		if err := graph.PrintJSON(r.stdout); err != nil {
			r.logf("writing JSON: %v", err)
			return exitFailed
		}
		return code
	case format == formatSARIF:
		problems := append(slices.Clone(loadErrs), analysisErrs...)
		in := r.sarifInput(r.analyzers, findings, r.moduleRoot(pkgs), problems, len(problems) > 0)
		log, err := sarif.Build(in)
		if err == nil {
			err = log.Write(r.stdout)
		}
		if err != nil {
			r.logf("%v", err)
			return exitFailed
		}
		return code
	}

	for _, msg := range analysisErrs {
		fmt.Fprintln(r.stderr, msg)
	}
	if err := r.printText(r.stderr, findings, r.opts.context); err != nil {
		return exitFailed
	}
	switch {
	case failed > 0:
		code = max(code, exitFailed)
	case len(findings) > 0:
		code = max(code, exitFindings)
	}
	return code
}

// printTimes prints, with -debug=t, the slowest actions that together
// took 90% of the analysis time.
func (r *run) printTimes(graph *checker.Graph) {
	if !r.opts.debugging('t') {
		return
	}
	if !r.opts.debugging('p') {
		r.logf("Warning: times are mostly GC/scheduler noise; use -debug=tp to disable parallelism")
	}
	var list []*checker.Action
	var total time.Duration
	for act := range graph.All() {
		list = append(list, act)
		total += act.Duration
	}
	slices.SortFunc(list, func(a, b *checker.Action) int { return int(b.Duration - a.Duration) })
	var sum time.Duration
	for _, act := range list {
		fmt.Fprintf(r.stderr, "%s\t%s\n", act.Duration, act)
		sum += act.Duration
		if sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(r.stderr, "%s\tall others\n", total-sum)
	}
}

func (r *run) logf(format string, args ...any) {
	fmt.Fprintf(r.stderr, r.Name+": "+format+"\n", args...)
}

// usageError reports a bad command line in one line.
func (r *run) usageError(format string, args ...any) int {
	fmt.Fprintf(r.stderr, "%s: %s (run '%s -h' for usage)\n", r.Name, fmt.Sprintf(format, args...), r.Name)
	return exitUsage
}
