package rewrite_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/ctxtrace/ctxtrace/internal/scripttest"
)

// Where the e2e module is, relative to this package's directory, which go
// test runs in. Instrumented, it needs nothing of this repository.
const e2eModuleDir = "../testdata/e2e"

// An e2eExample is one program of the e2e module and what its trace must
// look like beyond what every example shares.
type e2eExample struct {
	name  string
	check func(t *testing.T, tr *spanTree, stdout string)
}

// instrumentFunc turns the untraced example in dir into a traced one.
type instrumentFunc func(t *testing.T, dir string, env []string)

// runE2E runs ex untraced, instruments it, runs it again under a recording
// tracer provider, and checks that the output is unchanged and that the
// spans form one complete tree of the expected shape.
func runE2E(t *testing.T, ex e2eExample, instrument instrumentFunc) {
	env := e2eEnv(t)
	mod := copyE2EModule(t, env)
	want := goCommand(t, mod, env, "run", "./"+ex.name)

	dir := filepath.Join(mod, ex.name)
	instrument(t, dir, env)
	if err := os.WriteFile(filepath.Join(dir, "e2e_hook_test.go"), []byte(e2eHookSource), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	spansFile, stdoutFile := filepath.Join(out, "spans.json"), filepath.Join(out, "stdout")
	hookEnv := append(env[:len(env):len(env)], "E2E_SPANS="+spansFile, "E2E_STDOUT="+stdoutFile)
	defer func() {
		if t.Failed() {
			logSources(t, dir)
		}
	}()
	goCommand(t, dir, hookEnv, "test", "-race", "-count=1", "-run", "TestE2EHook", ".")

	got, err := os.ReadFile(stdoutFile)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(spansFile)
	if err != nil {
		t.Fatal(err)
	}
	var spans []*e2eSpan
	if err := json.Unmarshal(data, &spans); err != nil {
		t.Fatalf("spans written by the hook: %v", err)
	}
	tr := buildTree(spans)
	t.Logf("span tree of %s (%d spans):\n%s", ex.name, len(spans), tr)

	if string(got) != want {
		t.Errorf("instrumented program printed\n%s\nwant, as the original printed,\n%s", got, want)
	}
	assertOneTrace(t, tr)
	assertOneRoot(t, tr, "main.run")
	assertAllEnded(t, tr)
	assertLinksResolve(t, tr)
	ex.check(t, tr, string(got))
}

// goEnvPaths is GOMODCACHE and GOCACHE as the go command running this test
// sees them, so that the nested go commands find the same module and build
// caches and can work offline.
var goEnvPaths = sync.OnceValues(func() ([]string, error) {
	out, err := exec.Command("go", "env", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		return nil, err
	}
	return strings.Fields(string(out)), nil
})

// e2eEnv is the environment of the nested go commands: offline, with this
// toolchain, free to add go.sum lines from the module cache (without the
// checksum database: a fresh module cache holds none of its answers), and
// outside any workspace.
func e2eEnv(t *testing.T) []string {
	t.Helper()
	paths, err := goEnvPaths()
	if err != nil || len(paths) != 2 {
		t.Fatalf("go env GOMODCACHE GOCACHE: %q, %v", paths, err)
	}
	return append(os.Environ(),
		"GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off",
		"GOMODCACHE="+paths[0], "GOCACHE="+paths[1])
}

// copyE2EModule copies the e2e module into a temporary directory. The
// module's requirements are downloaded first, through the proxy, since the nested
// go commands run offline and a fresh module cache lacks what the e2e
// module needs beyond this repository's own packages.
func copyE2EModule(t *testing.T, env []string) string {
	t.Helper()
	if err := scripttest.DownloadModule(filepath.FromSlash(e2eModuleDir)); err != nil {
		t.Fatal(err)
	}
	mod := filepath.Join(t.TempDir(), "e2e")
	if err := os.CopyFS(mod, os.DirFS(filepath.FromSlash(e2eModuleDir))); err != nil {
		t.Fatal(err)
	}
	return mod
}

// goCommand runs the go command in dir and returns its standard output,
// failing the test with both outputs if it fails.
func goCommand(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	stdout, stderr, err := runGo(dir, env, args...)
	if err != nil {
		t.Fatalf("go %s in %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), dir, err, stdout, stderr)
	}
	return stdout
}

func runGo(dir string, env []string, args ...string) (stdout, stderr string, err error) {
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// logSources logs the instrumented example, so that a failure can be
// traced back to what the rewriter wrote.
func logSources(t *testing.T, dir string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if filepath.Base(f) == "e2e_hook_test.go" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Error(err)
			continue
		}
		t.Logf("instrumented %s:\n%s", filepath.Base(f), src)
	}
}
