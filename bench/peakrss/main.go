// Command peakrss runs a command and reports its wall time and memory: the
// peak of the summed resident memory of the whole process tree, the peak of
// the command's own process, and the maximum resident set the kernel reports
// on exit (what GNU time's %M prints). bench/rewrite.sh and bench/lint.sh
// use it because otelgen's and ctxlint's go list children (and their
// compilers), like go vet's vet and compile processes, live at the same
// time as the command itself, which %M cannot show: it is the largest
// single process of the tree, not their sum. A process orphaned by its
// parent leaves the tree and is no longer counted.
//
//	peakrss [-interval 10ms] [-o file] -- command [args]
//
// It writes one line, "wall_s=W cpu_s=C tree_rss_kb=T tree_pss_kb=P self_hwm_kb=S
// maxrss_kb=M procs=N", to -o (default standard error) and exits with the
// command's status (cpu_s is the user and system time of the command and
// the descendants it waited for). Linux only: it samples /proc.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	fs := flag.NewFlagSet("peakrss", flag.ContinueOnError)
	interval := fs.Duration("interval", 10*time.Millisecond, "how often to sample /proc")
	out := fs.String("o", "", "append the result line to this file instead of standard error")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: peakrss [-interval d] [-o file] -- command [args]")
		return 2
	}
	if _, err := os.Stat("/proc/self/smaps_rollup"); err != nil {
		fmt.Fprintf(os.Stderr, "peakrss: needs Linux /proc with smaps_rollup: %v\n", err)
		return 2
	}
	cmd := exec.Command(fs.Arg(0), fs.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "peakrss: %v\n", err)
		return 2
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	var peak sample
	seen := make(map[int]bool)
	tick := time.NewTicker(*interval)
	defer tick.Stop()
	var waitErr error
loop:
	for {
		s := measure(cmd.Process.Pid, seen)
		peak.treeRSS = max(peak.treeRSS, s.treeRSS)
		peak.treePSS = max(peak.treePSS, s.treePSS)
		peak.selfHWM = max(peak.selfHWM, s.selfHWM)
		select {
		case waitErr = <-done:
			break loop
		case <-tick.C:
		}
	}
	wall := time.Since(start)

	status := 0
	if waitErr != nil {
		status = 1
		if cmd.ProcessState == nil {
			fmt.Fprintf(os.Stderr, "peakrss: %v\n", waitErr)
			return 2
		}
	}
	if cmd.ProcessState != nil {
		status = cmd.ProcessState.ExitCode()
		if status < 0 { // killed by a signal
			status = 1
		}
	}
	var maxRSS int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		maxRSS = ru.Maxrss // kilobytes on Linux
	}
	// User and system time cover the command and every descendant it
	// waited for, which is what the machine spent, however busy it was.
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	line := fmt.Sprintf("wall_s=%.3f cpu_s=%.3f tree_rss_kb=%d tree_pss_kb=%d self_hwm_kb=%d maxrss_kb=%d procs=%d\n",
		wall.Seconds(), cpu.Seconds(), peak.treeRSS, peak.treePSS, peak.selfHWM, maxRSS, len(seen))
	if err := report(*out, line); err != nil {
		fmt.Fprintf(os.Stderr, "peakrss: %v\n", err)
		return 2
	}
	return status
}

// report appends line to the file out, or writes it to standard error.
func report(out, line string) error {
	if out == "" {
		_, err := io.WriteString(os.Stderr, line)
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	_, werr := io.WriteString(f, line)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return fmt.Errorf("write %s: %w", out, werr)
	}
	return nil
}
