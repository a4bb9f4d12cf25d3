package driver

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

// The standalone command is a front end to go vet: it runs
// "go vet -vettool=<itself> -json" over the patterns and renders what
// comes back. The go command then does what a linter on a large module
// needs and that an in-process loader does not: one bounded process per
// package, results cached per package by content (a re-run with nothing
// changed analyses nothing), and every build setting (GOFLAGS, -modfile,
// workspaces, overlays) handled as it handles them for go vet.

// vetResult is what one go vet run found: each package's results (the
// JSON trees it printed) and the build and type errors it printed, with
// whether it exited with a status other than 0.
type vetResult struct {
	pkgs     []packageResult
	loadErrs []string
	failed   bool
}

// runVet runs go vet with the vet tool over patterns, passing on the
// analyzer flags the command line set; extra are go vet flags.
func (r *run) runVet(patterns []string, fs *flag.FlagSet, extra ...string) (*vetResult, error) {
	tool, err := r.vetTool()
	if err != nil {
		return nil, err
	}
	args := []string{"vet"}
	if r.opts.buildTags != "" {
		args = append(args, "-tags="+r.opts.buildTags)
	}
	args = append(append(args, "-vettool="+tool, "-json"), extra...)
	args = append(args, r.forwardedFlags(fs)...)
	args = append(args, patterns...)
	if r.opts.debugging('v') {
		r.logf("go %s", strings.Join(args, " "))
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = r.dir
	cmd.Env = r.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, fmt.Errorf("running go vet: %w", err)
	}
	pkgs, decodeErr := decodeTrees(stdout.Bytes())
	if decodeErr != nil {
		return nil, decodeErr
	}
	return &vetResult{pkgs: pkgs, loadErrs: r.loadErrors(stderr.Bytes()), failed: err != nil}, nil
}

// vetTool returns the absolute path of the program go vet should run:
// VetTool, or this program as it was invoked. The name it was invoked by
// is preferred to os.Executable because a multi-call binary (a test
// binary standing in for the command) decides what to be by that name.
func (r *run) vetTool() (string, error) {
	if r.VetTool != "" {
		return filepath.Abs(r.VetTool)
	}
	self := os.Args[0]
	if !strings.ContainsRune(self, filepath.Separator) {
		if found, err := exec.LookPath(self); err == nil {
			self = found
		} else {
			self = ""
		}
	}
	if self == "" {
		exe, err := os.Executable()
		if err != nil {
			return "", fmt.Errorf("finding the %s executable for go vet -vettool: %w", r.Name, err)
		}
		return exe, nil
	}
	return filepath.Abs(self)
}

// forwardedFlags returns the flags set on the command line that the vet
// tool defines (analyzer selection and analyzer options), in the form
// go vet passes on. The driver's own flags (output, -fix, -test) stay
// here: go vet's run always prints JSON, and the driver renders it.
func (r *run) forwardedFlags(fs *flag.FlagSet) []string {
	var out []string
	fs.Visit(func(f *flag.Flag) {
		if driverFlags[f.Name] {
			return
		}
		name := f.Name
		if current, ok := vetLegacyFlags[name]; ok {
			name = current
		}
		out = append(out, "-"+name+"="+f.Value.String())
	})
	slices.Sort(out)
	return out
}

// driverFlags are the flags the driver handles itself rather than pass
// to the vet tool.
var driverFlags = map[string]bool{
	"json": true, "format": true, "sarif": true, "c": true, "fix": true, "diff": true,
	"test": true, "debug": true, "cpuprofile": true, "memprofile": true, "trace": true,
	"flags": true, "V": true, "version": true, "v": true, "source": true, "all": true, "tags": true,
}

// previewFlag is a flag of the vet tool that changes nothing in the
// analysis. -fix passes it to keep the results of its preview runs
// apart in go vet's cache (see vetFixed).
const previewFlag = "fixpreview"

// VetMain runs the analyzers as a vet tool, for a command whose
// InvokedByVet said so: multichecker speaks unitchecker's protocol, and
// runFactFree answers the runs it can answer faster.
func VetMain(analyzers ...*analysis.Analyzer) {
	if handled, code := runFactFree(analyzers, os.Args[1:]); handled {
		os.Exit(code)
	}
	flag.Bool(previewFlag, false, "no effect on the analysis: keeps the results of "+
		"previews of -fix apart in go vet's cache")
	multichecker.Main(analyzers...)
}
