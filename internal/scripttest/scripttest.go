// Package scripttest holds what the testscript tests of ctxtrace's
// commands share: an offline Go environment that reuses the machine's
// module cache, and a command that checks an exact exit status. It also
// fills the module cache before tests go offline (DownloadModule), so that
// they pass on a machine whose module cache starts empty.
package scripttest

import (
	"errors"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// Params returns testscript parameters for the scripts in dir: the go
// command works offline from this machine's module cache and build cache,
// $REPO is the repository root (repoRel is its path relative to the test's
// directory), and `status N exec prog args` is available. setup, if not
// nil, runs after the environment is prepared. Params downloads what the
// repository's go.mod requires, since the scripts cannot, and fails the
// test if a go.mod embedded in a script requires a version that neither
// that go.mod nor one passed to DownloadModule before Params requires.
func Params(t *testing.T, dir, repoRel string, setup func(*testscript.Env) error) testscript.Params {
	t.Helper()
	repoRoot, err := filepath.Abs(repoRel)
	if err != nil {
		t.Fatal(err)
	}
	goEnv := map[string]string{}
	for _, key := range []string{"GOMODCACHE", "GOCACHE", "GOROOT"} {
		out, err := exec.Command("go", "env", key).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", key, err)
		}
		goEnv[key] = strings.TrimSpace(string(out))
	}
	requireScriptModules(t, dir, repoRoot)
	return testscript.Params{
		Dir:                 dir,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			for key, value := range goEnv {
				env.Setenv(key, value)
			}
			env.Setenv("GOPROXY", "off")
			env.Setenv("GOFLAGS", "-mod=mod")
			env.Setenv("GONOSUMDB", "*")
			env.Setenv("GOSUMDB", "off")
			env.Setenv("GOTOOLCHAIN", "local")
			env.Setenv("REPO", repoRoot)
			if setup != nil {
				return setup(env)
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status": cmdStatus,
		},
	}
}

// cmdStatus runs a program and checks its exact exit status, which plain
// exec and ! exec cannot tell apart beyond zero and non-zero:
// status 2 exec otelgen -w -l
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 || args[1] != "exec" {
		ts.Fatalf("usage: status N exec program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("status: %v", err)
	}
	got := 0
	if err := ts.Exec(args[2], args[3:]...); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			ts.Fatalf("status: %v", err)
		}
		got = exitErr.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}
