package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	// The setup otelgen -init writes imports the exporters; importing them
	// here keeps the version in go.mod that TestInjectedModules checks.
	_ "go.opentelemetry.io/contrib/exporters/autoexport"
	"golang.org/x/mod/modfile"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// TestInjectedModules checks that otelgen requires the modules injected
// code imports at the versions this repository's own go.mod requires,
// which are what the tests build and run the injected code against.
func TestInjectedModules(t *testing.T) {
	const goModPath = "../go.mod"
	data, err := os.ReadFile(goModPath)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(goModPath, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	versions := make(map[string]string)
	for _, r := range f.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	for mod, v := range InjectedModules {
		if versions[mod] != v {
			t.Errorf("InjectedModules[%s] = %s, but go.mod requires %q", mod, v, versions[mod])
		}
	}
}

// TestModuleChangesRoundTrip runs -w and -strip -w, as otelgen does, on a
// module that requires neither OpenTelemetry nor the testify it raises:
// the result passes its tests with no further step, every requirement -w
// added or raised is marked, and strip gives go.mod and go.sum back byte
// for byte. The go command resolves through the module proxy, as for a
// user; the versions are the ones the module's go.mod and OpenTelemetry's
// select.
func TestModuleChangesRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "testdeps")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "testdeps"))); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local", "GOWORK=off")
	goCmd := func(args ...string) string {
		t.Helper()
		out, err := golist.Go(dir, env, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	goCmd("mod", "download")
	read := func(name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	mod, sum := read("go.mod"), read("go.sum")
	run := func(strip bool) {
		t.Helper()
		cfg := Config{Dir: dir, Env: env, Strip: strip}
		changes, err := Run(cfg, "./...")
		if err != nil {
			t.Fatal(err)
		}
		modChanges, err := ModuleChanges(cfg, changes)
		if err != nil {
			t.Fatal(err)
		}
		if len(modChanges) != 2 {
			t.Fatalf("strip=%v: changes to %d module files, want go.mod and go.sum", strip, len(modChanges))
		}
		if err := Write(append(changes, modChanges...)); err != nil {
			t.Fatal(err)
		}
	}
	run(false)
	written := string(read("go.mod"))
	for _, want := range []string{
		"go.opentelemetry.io/otel v1.47.0 // otelgen:gen\n",
		"github.com/stretchr/testify v1.12.1 // otelgen:gen was v1.10.0\n",
		"github.com/go-logr/logr v1.4.4 // indirect; otelgen:gen\n",
	} {
		if !strings.Contains(written, want) {
			t.Errorf("go.mod after -w lacks %q:\n%s", want, written)
		}
	}
	goCmd("test", "./...")
	run(true)
	if got := read("go.mod"); !bytes.Equal(got, mod) {
		t.Errorf("go.mod after strip:\n%s\nwant:\n%s", got, mod)
	}
	if got := read("go.sum"); !bytes.Equal(got, sum) {
		t.Errorf("go.sum after strip:\n%s\nwant:\n%s", got, sum)
	}
}
