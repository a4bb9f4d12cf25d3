package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"

	"github.com/ctxtrace/ctxtrace/rewrite/overlay"
)

// runGoCommand runs `go <args>` with the packages it names instrumented
// through an overlay, and returns the go command's exit status.
func runGoCommand(cfg overlay.Config, args []string, stderr io.Writer) int {
	ga, err := overlay.ParseGoArgs(args)
	if err != nil {
		return fail(stderr, err)
	}
	if ga.Cover {
		fmt.Fprintln(stderr, "otelgen: warning: with -cover the go command compiles covered packages from their original files, ignoring -overlay (golang/go#73802): they build uninstrumented")
	}
	cfg.Rewrite.NoTests = !ga.CompilesTests()
	cfg.Rewrite.Dir = ga.Dir
	// cfg.Rewrite.BuildFlags holds at most a -modfile moved out of GOFLAGS,
	// which the go command's own -modfile overrides.
	if slices.ContainsFunc(ga.LoadFlags, func(f string) bool { return strings.HasPrefix(strings.TrimLeft(f, "-"), "modfile=") }) {
		cfg.Rewrite.BuildFlags = ga.LoadFlags
	} else {
		cfg.Rewrite.BuildFlags = slices.Concat(ga.LoadFlags, cfg.Rewrite.BuildFlags)
	}
	cfg.UserOverlay = ga.Overlay
	path, err := overlay.Prepare(cfg, ga.Patterns...)
	if err != nil {
		return fail(stderr, err)
	}
	cmd := exec.Command("go", ga.CommandLine(path)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// An interrupt reaches the go command too (same process group); wait
	// for it to exit and report its status rather than die first.
	signal.Ignore(os.Interrupt)
	defer signal.Reset(os.Interrupt)
	if err := cmd.Run(); err != nil {
		var exitErr *exec.ExitError
		if errors.As(err, &exitErr) && exitErr.ExitCode() > 0 {
			return exitErr.ExitCode()
		}
		return fail(stderr, err)
	}
	return 0
}

// printOverlay prints the path of the overlay file that instruments the
// packages patterns name.
func printOverlay(cfg overlay.Config, patterns []string, stdout, stderr io.Writer) int {
	path, err := overlay.Prepare(cfg, patterns...)
	if err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintln(stdout, path)
	return 0
}
