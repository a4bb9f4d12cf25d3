package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestMain restarts the test binary with go/packages' debug log on, as
// main does, since go/packages reads GOPACKAGESDEBUG only at init.
func TestMain(m *testing.M) {
	if os.Getenv("GOPACKAGESDEBUG") != "true" {
		self, err := os.Executable()
		if err == nil {
			err = syscall.Exec(self, os.Args, append(os.Environ(), "GOPACKAGESDEBUG=true"))
		}
		fmt.Fprintf(os.Stderr, "restart with GOPACKAGESDEBUG=true: %v\n", err)
		os.Exit(2)
	}
	os.Exit(m.Run())
}

// TestReportsPhases runs the harness on a one-file module otelgen has
// something to inject into, and checks every figure bench/rewrite.sh reads:
// in particular that go list's wall time is still found in go/packages'
// debug log, whose wording the harness depends on.
func TestReportsPhases(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/p\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "p.go"), `package p

import "context"

func Handle(ctx context.Context, ids []int) error {
	done := make(chan struct{})
	go func() {
		_ = ctx
		close(done)
	}()
	<-done
	return nil
}
`)
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	t.Setenv("GOFLAGS", "")
	prof := filepath.Join(t.TempDir(), "cpu.pprof")

	var out bytes.Buffer
	if err := run([]string{"-C", dir, "-cpuprofile", prof, "./..."}, &out); err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for line := range strings.Lines(out.String()) {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			t.Fatalf("output line %q is not key=value", line)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("output line %q: %v", line, err)
		}
		got[k] = f
	}
	if got["changed"] != 1 {
		t.Errorf("changed = %v, want 1 (p.go gets spans)\n%s", got["changed"], out.String())
	}
	if got["diff_bytes"] <= 0 {
		t.Errorf("diff_bytes = %v, want the diff of p.go", got["diff_bytes"])
	}
	if got["golist_s"] <= 0 {
		t.Errorf("golist_s = %v: go/packages' log no longer names the go list run", got["golist_s"])
	}
	if got["run_s"] < got["golist_s"] {
		t.Errorf("run_s = %v < golist_s = %v: the run includes its go commands, which must not be counted twice", got["run_s"], got["golist_s"])
	}
	if info, err := os.Stat(prof); err != nil || info.Size() == 0 {
		t.Errorf("CPU profile not written: %v", err)
	}
}

func TestBadPackages(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "go.mod"), "module example.com/p\n\ngo 1.26\n")
	write(t, filepath.Join(dir, "p.go"), "package p\n\nvar x int = \"s\"\n")
	t.Setenv("GOPROXY", "off")
	t.Setenv("GOTOOLCHAIN", "local")
	var out bytes.Buffer
	err := run([]string{"-C", dir, "./..."}, &out)
	if err == nil || !strings.Contains(err.Error(), "p.go:3") {
		t.Errorf("a type error: got %v, want an error naming p.go:3", err)
	}
}

func write(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
