package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// hogMB is how much each child started by the test holds at once; large
// enough to stand out from a shell's and a Go binary's own few megabytes.
const hogMB = 64

// TestMain turns the test binary into the memory hog the test measures
// when PEAKRSS_TEST_HOG is set: it touches hogMB of fresh memory, holds it
// long enough for several samples, and exits with the status it was given.
func TestMain(m *testing.M) {
	if status := os.Getenv("PEAKRSS_TEST_HOG"); status != "" {
		b := make([]byte, hogMB<<20)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		time.Sleep(500 * time.Millisecond)
		code, _ := strconv.Atoi(status)
		if b[len(b)-4096] != 1 { // keeps b alive through the sleep
			code = 99
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestTreeSumsConcurrentChildren(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "result")
	t.Setenv("PEAKRSS_TEST_HOG", "3")
	// Two hogs at once under a shell: the tree holds both, while the
	// kernel's maxrss (GNU time's %M) is only the larger of them. The shell
	// exits with the second hog's status.
	status := run([]string{"-o", out, "--", "sh", "-c", `"$0" & "$0"; s=$?; wait; exit $s`, self})
	if status != 3 {
		t.Errorf("exit status %d, want the command's 3", status)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := parse(t, string(b))
	const kb = hogMB << 10
	if got["tree_rss_kb"] < 2*kb {
		t.Errorf("tree_rss_kb = %d, want at least %d (two children holding %d MB each at once)", got["tree_rss_kb"], 2*kb, hogMB)
	}
	if got["tree_pss_kb"] < 2*kb {
		t.Errorf("tree_pss_kb = %d, want at least %d", got["tree_pss_kb"], 2*kb)
	}
	// A child's resident set is its hog plus its runtime's own (more under
	// the race detector), so maxrss is compared with the tree's sum rather
	// than with a fixed bound: it is one child's, far below both children.
	if got["maxrss_kb"] < kb || got["maxrss_kb"] > got["tree_rss_kb"]-kb/2 {
		t.Errorf("maxrss_kb = %d, want one child's share: at least %d and well below the tree's %d", got["maxrss_kb"], kb, got["tree_rss_kb"])
	}
	if got["self_hwm_kb"] >= kb {
		t.Errorf("self_hwm_kb = %d, want the shell's own, far below a child's %d", got["self_hwm_kb"], kb)
	}
	if got["procs"] < 3 {
		t.Errorf("procs = %d, want the shell and both children", got["procs"])
	}
	if got["cpu_s"] <= 0 {
		t.Errorf("cpu_s = %d ms, want the children's time touching %d MB", got["cpu_s"], 2*hogMB)
	}
	if got["wall_s_ms"] < 500 {
		t.Errorf("wall time %d ms, want at least the children's 500 ms", got["wall_s_ms"])
	}
}

func TestUsage(t *testing.T) {
	if status := run(nil); status != 2 {
		t.Errorf("no command: exit status %d, want 2", status)
	}
	if status := run([]string{"--", filepath.Join(t.TempDir(), "missing")}); status != 2 {
		t.Errorf("a command that does not exist: exit status %d, want 2", status)
	}
}

var resultField = regexp.MustCompile(`(\w+)=([0-9.]+)`)

// parse reads peakrss's result line; wall_s is returned in milliseconds
// as wall_s_ms, cpu_s in milliseconds as cpu_s.
func parse(t *testing.T, line string) map[string]int64 {
	t.Helper()
	got := make(map[string]int64)
	for _, m := range resultField.FindAllStringSubmatch(line, -1) {
		if m[1] == "wall_s" || m[1] == "cpu_s" {
			f, err := strconv.ParseFloat(m[2], 64)
			if err != nil {
				t.Fatalf("result %q: %v", line, err)
			}
			name := m[1]
			if name == "wall_s" {
				name = "wall_s_ms"
			}
			got[name] = int64(f * 1000)
			continue
		}
		v, err := strconv.ParseInt(m[2], 10, 64)
		if err != nil {
			t.Fatalf("result %q: %v", line, err)
		}
		got[m[1]] = v
	}
	for _, k := range []string{"wall_s_ms", "cpu_s", "tree_rss_kb", "tree_pss_kb", "self_hwm_kb", "maxrss_kb", "procs"} {
		if _, ok := got[k]; !ok {
			t.Fatalf("result %q lacks %s", line, k)
		}
	}
	return got
}
