package runtimecost_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ctxtrace/ctxtrace/internal/scripttest"
	"github.com/ctxtrace/ctxtrace/rewrite"
)

// TestGeneratedTraces generates instrumented/ from plain/ with the real
// rewriter in a copy of the nested module, then, in that module, checks
// that all three variants build and vet clean, that one run of each
// workload makes the expected span tree (TestSpans under a SpanRecorder),
// and that every benchmark runs and computes what plain code computes.
func TestGeneratedTraces(t *testing.T) {
	env := offlineEnv(t)
	mod := filepath.Join(t.TempDir(), "runtimecost")
	if err := os.CopyFS(mod, os.DirFS("testdata")); err != nil {
		t.Fatal(err)
	}
	// A stale instrumented/ left by a by-hand run must not stand in for
	// what otelgen generates now.
	if err := os.RemoveAll(filepath.Join(mod, "instrumented")); err != nil {
		t.Fatal(err)
	}
	generate(t, mod, env)

	goCmd(t, mod, env, "vet", "./...")
	bin := filepath.Join(t.TempDir(), "runtimecost.test")
	goCmd(t, mod, env, "test", "-c", "-o", bin, ".")
	run := func(sdk string, args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = mod, append(env, "RUNTIMECOST_SDK="+sdk)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("RUNTIMECOST_SDK=%s runtimecost.test %s: %v\n%s", sdk, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	out := run("record", "-test.run", "^TestSpans$", "-test.v")
	// A skipped TestSpans would pass without checking anything.
	if !strings.Contains(out, "--- PASS: TestSpans/otelgen/Pipeline") {
		t.Fatalf("TestSpans did not check the generated pipeline:\n%s", out)
	}
	// The benchmarks check each variant's result against plain's sums.
	for _, sdk := range []string{"none", "always"} {
		out := run(sdk, "-test.run", "^$", "-test.bench", ".", "-test.benchtime", "50x")
		if n := strings.Count(out, "code=otelgen"); n != 4 {
			t.Errorf("RUNTIMECOST_SDK=%s: %d otelgen benchmarks ran, want 4:\n%s", sdk, n, out)
		}
	}
}

// generate makes mod/instrumented a copy of mod/plain rewritten in place by
// otelgen's engine, as `otelgen -all -w` does: the workloads' goroutines and
// items stand in for work and do next to none, so the span rule would give
// them no span, and the cost measured is that of every span.
func generate(t *testing.T, mod string, env []string) {
	t.Helper()
	dst := filepath.Join(mod, "instrumented")
	if err := os.CopyFS(dst, os.DirFS(filepath.Join(mod, "plain"))); err != nil {
		t.Fatal(err)
	}
	changes, err := rewrite.Run(rewrite.Config{Dir: mod, Env: env, AllSpans: true}, "./instrumented")
	if err != nil {
		t.Fatalf("otelgen ./instrumented: %v", err)
	}
	if len(changes) == 0 {
		t.Fatal("otelgen changed nothing in ./instrumented")
	}
	if err := rewrite.Write(changes); err != nil {
		t.Fatal(err)
	}
}

// offlineEnv is the environment of the nested go commands: this
// toolchain, the module and build caches of the go command running the
// test, no network, no workspace. What the nested module requires is
// downloaded first, through the proxy, so that a fresh module cache has it.
func offlineEnv(t *testing.T) []string {
	t.Helper()
	if err := scripttest.DownloadModule("testdata"); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	paths := strings.Fields(string(out))
	if len(paths) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE printed %q", out)
	}
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"GOMODCACHE="+paths[0], "GOCACHE="+paths[1])
}

func goCmd(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), dir, err, stderr.Bytes())
	}
}
