// Command profile shows where otelgen -d spends its time on one module:
// it runs what otelgen -d runs (rewrite.Run, then rewrite.Diff of every
// change) under a CPU profile, and clocks the go commands that go/packages
// runs meanwhile from its debug log (GOPACKAGESDEBUG=true, which the
// command sets for itself): go list runs in a child process, which a CPU
// profile of this one cannot see. bench/rewrite.sh runs it and splits the
// profile into phases with go tool pprof.
//
//	go run ./bench/rewrite/profile -cpuprofile cpu.pprof -C dir [patterns]
//
// It prints "key=value" lines: run_s (wall time of rewrite.Run plus the
// diffs), golist_s (wall time during which at least one go command ran),
// changed (files) and diff_bytes.
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"regexp"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

func main() {
	// go/packages reads the variable once, at init, so it must be in the
	// environment the process starts with.
	if os.Getenv("GOPACKAGESDEBUG") != "true" {
		self, err := os.Executable()
		if err == nil {
			err = syscall.Exec(self, os.Args, append(os.Environ(), "GOPACKAGESDEBUG=true"))
		}
		fmt.Fprintf(os.Stderr, "profile: restart with GOPACKAGESDEBUG=true: %v\n", err)
		os.Exit(2)
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "profile: "+err.Error())
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	dir := fs.String("C", "", "directory of the module to rewrite (default: the current directory)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of rewrite.Run and the diffs to this file")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("bad flags: %w", err)
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"."}
	}

	clock := &goCommandClock{}
	log.SetFlags(0)
	log.SetOutput(clock)
	defer log.SetOutput(os.Stderr)

	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				fmt.Fprintf(os.Stderr, "profile: close %s: %v\n", *cpuprofile, err)
			}
		}()
	}
	start := time.Now()
	changes, err := rewrite.Run(rewrite.Config{Dir: *dir}, patterns...)
	if err != nil {
		return fmt.Errorf("rewrite %s: %w", strings.Join(patterns, " "), err)
	}
	diffBytes := 0
	for _, c := range changes {
		n, _ := io.WriteString(io.Discard, rewrite.Diff(c))
		diffBytes += n
	}
	runTime := time.Since(start)

	_, err = fmt.Fprintf(stdout, "run_s=%.3f\ngolist_s=%.3f\nchanged=%d\ndiff_bytes=%d\n",
		runTime.Seconds(), clock.total().Seconds(), len(changes), diffBytes)
	return err
}

// goCommandLog matches go/packages' debug lines around each go command it
// runs: "starting GOROOT=... go list ..." and "<duration> for GOROOT=...
// go list ...".
var goCommandLog = regexp.MustCompile(`^(starting|\S+ for) .*\bgo (list|env)\b`)

// A goCommandClock reads go/packages' debug log and adds up the wall time
// during which at least one go command ran: go/packages runs some at once,
// so their own durations would count the overlap twice.
type goCommandClock struct {
	mu      sync.Mutex
	running int
	since   time.Time
	sum     time.Duration
}

func (c *goCommandClock) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for line := range strings.Lines(string(p)) {
		m := goCommandLog.FindStringSubmatch(line)
		switch {
		case m == nil:
		case m[1] == "starting":
			if c.running == 0 {
				c.since = time.Now()
			}
			c.running++
		case c.running > 0:
			c.running--
			if c.running == 0 {
				c.sum += time.Since(c.since)
			}
		}
	}
	return len(p), nil
}

func (c *goCommandClock) total() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sum
}
