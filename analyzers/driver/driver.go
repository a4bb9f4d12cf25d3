// Package driver is a command that runs analyzers over the packages
// named on the command line, like x/tools' multichecker, with its flags,
// "file:line:col: message" text, JSON output, -fix and exit statuses,
// plus SARIF output (-format=sarif) for code scanning. It is a front end
// to go vet: it runs "go vet -vettool=<the command> -json" and renders
// the results, so that the go command runs one bounded process per
// package and caches each package's results (vet.go says why). Its text
// output names files relative to the working directory, as go vet does,
// lists findings in source order, each once, and reports each load error
// once.
//
// go vet -vettool talks to its tool through unitchecker's protocol; a
// command checks InvokedByVet first and hands such calls to
// multichecker, which is also how the front end's own go vet runs reach
// the analyzers.
package driver

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
	"github.com/ctxtrace/ctxtrace/internal/version"
)

// Driver is a command that runs a fixed set of analyzers.
type Driver struct {
	// Name is the command's name in messages and in SARIF's tool.driver.
	Name string
	// Usage is printed by -h before the analyzers and flags.
	Usage string
	// Featured are the analyzers -h lists with their flags; the others
	// get one line.
	Featured []*analysis.Analyzer
	// Analyzers are all the analyzers the command can run.
	Analyzers []*analysis.Analyzer
	// InformationURI is the tool's home page in SARIF logs, if not empty.
	InformationURI string
	// VetTool is the program go vet runs as its vet tool: one that
	// answers InvokedByVet calls with these analyzers. Empty means the
	// running program, as it was invoked.
	VetTool string
	// Version is the tool's version in SARIF logs and -version; empty means the
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
	packageNames   map[string]string    // import path -> package name, for -fix
}

// Main runs the command with args, the command line without the program
// name, and returns the exit status: 0 nothing reported, 3 diagnostics
// reported (with -fix: findings remain), 1 packages could not be loaded
// (or an analyzer or -fix failed), 2 a bad command line. With -json or
// -format=sarif the status is 0 unless loading fails.
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
			d.printUsage(r.stderr)
			return exitOK
		}
		return r.usageError("%v", err)
	}
	if r.opts.printFlags {
		return r.usageError("-flags answers go vet's handshake; run %s as go vet -vettool=$(command -v %s)", d.Name, d.Name)
	}
	if r.opts.version {
		fmt.Fprintf(r.stdout, "%s version %s\n", d.Name, cmp.Or(d.Version, version.String()))
		return exitOK
	}
	if err := r.opts.standaloneOnly(fs); err != nil {
		return r.usageError("%v", err)
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

	return r.analyze(patterns, format, fs)
}

func (r *run) analyze(patterns []string, format string, fs *flag.FlagSet) int {
	started := time.Now()
	out, err := r.runVet(patterns, fs)
	if err != nil {
		r.logf("%v", err)
		return exitFailed
	}
	pkgs, loadErrs := out.pkgs, out.loadErrs
	code := exitOK
	for _, line := range loadErrs {
		fmt.Fprintln(r.stderr, line)
	}
	if out.failed || len(loadErrs) > 0 {
		code = exitFailed
		if len(loadErrs) == 0 {
			r.logf("go vet failed and said nothing")
		}
	}
	findings := collectFindings(pkgs, r.opts.tests)
	analysisErrs := r.analysisErrors(pkgs)

	switch {
	case r.opts.fix && code != exitOK && !r.opts.diff:
		// Fixes computed on packages that do not compile may be wrong,
		// and fixing only the packages that loaded leaves a half-done
		// change behind: change nothing (-h says so), beyond the load
		// errors printed already.
		return code
	case r.opts.fix:
		return r.fix(findings, analysisErrs, started, patterns, fs)
	case format == formatJSON && len(pkgs) == 0 && code != exitOK:
		// Nothing was analysed: the errors are all there is to say.
		return code
	case format == formatJSON:
		if err := printJSON(r.stdout, pkgs, findings); err != nil {
			r.logf("writing JSON: %v", err)
			return exitFailed
		}
		return code
	case format == formatSARIF:
		problems := append(slices.Clone(loadErrs), analysisErrs...)
		in := r.sarifInput(r.analyzers, findings, r.moduleRoot(), problems, len(problems) > 0)
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
	case code != exitOK:
		// A package that did not build says more than the findings.
	case len(analysisErrs) > 0:
		code = exitFailed
	case len(findings) > 0:
		code = exitFindings
	}
	return code
}

func (r *run) logf(format string, args ...any) {
	fmt.Fprintf(r.stderr, r.Name+": "+format+"\n", args...)
}

// usageError reports a bad command line in one line.
func (r *run) usageError(format string, args ...any) int {
	fmt.Fprintf(r.stderr, "%s: %s (run '%s -h' for usage)\n", r.Name, fmt.Sprintf(format, args...), r.Name)
	return exitUsage
}
