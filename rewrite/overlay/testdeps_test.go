package overlay

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// TestPrepareRaisedTestDependencies builds the tests of a module whose
// testify is older than the one OpenTelemetry requires: the go.mod copy
// raises testify, whose new version imports modules the module's go.sum
// never listed, and the go.sum copy must hold them, though no injected
// code imports them. The go command resolves them through the module
// proxy, as it would for a user: the versions are the ones the module's
// go.mod and OpenTelemetry's select.
func TestPrepareRaisedTestDependencies(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "testdeps")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "testdata", "testdeps"))); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OTELGEN_CACHE", t.TempDir())
	env := append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off")
	path, err := Prepare(Config{Rewrite: rewrite.Config{Dir: dir, Env: env}}, "./...")
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	cmd := exec.Command("go", "test", "-overlay="+path, "./...")
	cmd.Dir, cmd.Env = dir, env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test -overlay: %v\n%s", err, out)
	}
}
