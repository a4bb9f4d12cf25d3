package scripttest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/mod/modfile"
)

// The tests run the go command with GOPROXY=off, so every module version
// they build against must already be in the module cache. On a fresh
// machine the cache holds only what `go test ./...` fetched for this
// repository's own packages; the helpers here fetch the rest, with the go
// command's usual proxy settings, before a test goes offline.

// requireScriptModules has the module cache hold what the repository's
// go.mod requires (DownloadModule), then checks that the go.mod files
// embedded in the scripts in dir require only versions that a go.mod this
// test process downloaded requires too: the repository's, or a nested
// module's that the test passed to DownloadModule before Params. A script
// pinning any other version would pass only on machines whose module cache
// happens to hold it.
func requireScriptModules(t *testing.T, dir, repoRoot string) {
	t.Helper()
	if err := DownloadModule(repoRoot); err != nil {
		t.Fatal(err)
	}
	root, err := readGoMod(filepath.Join(repoRoot, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	// pinned[path][version] names the downloaded go.mod files requiring it.
	pinned := make(map[string]map[string][]string)
	var sources []string
	downloads.Range(func(key, _ any) bool {
		name := filepath.Join(key.(string), "go.mod")
		if rel, err := filepath.Rel(repoRoot, name); err == nil && filepath.IsLocal(rel) {
			name = rel
		}
		sources = append(sources, name)
		mf, err := readGoMod(filepath.Join(key.(string), "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range mf.Require {
			if pinned[r.Mod.Path] == nil {
				pinned[r.Mod.Path] = make(map[string][]string)
			}
			pinned[r.Mod.Path][r.Mod.Version] = append(pinned[r.Mod.Path][r.Mod.Version], name)
		}
		return true
	})
	slices.Sort(sources)
	scripts, err := filepath.Glob(filepath.Join(dir, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	for _, script := range scripts {
		ar, err := txtar.ParseFile(script)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if path.Base(f.Name) != "go.mod" {
				continue
			}
			mf, err := modfile.Parse(script+": "+f.Name, f.Data, nil)
			if err != nil {
				t.Fatal(err)
			}
			replaced := make(map[string]bool)
			for _, r := range mf.Replace {
				replaced[r.Old.Path] = true
			}
			for _, r := range mf.Require {
				// The scripts point this repository's module at $REPO.
				if r.Mod.Path == root.Module.Mod.Path || replaced[r.Mod.Path] {
					continue
				}
				versions := pinned[r.Mod.Path]
				if versions[r.Mod.Version] != nil {
					continue
				}
				problem := fmt.Sprintf("%s: %s requires %s %s", filepath.Base(script), f.Name, r.Mod.Path, r.Mod.Version)
				if len(versions) == 0 {
					problem += ", which none of them requires"
				} else {
					var known []string
					for v, names := range versions {
						known = append(known, v+" ("+strings.Join(names, ", ")+")")
					}
					slices.Sort(known)
					problem += ": pin " + strings.Join(known, " or ") + ", with its go.sum lines"
				}
				problems = append(problems, problem)
			}
		}
	}
	if len(problems) > 0 {
		t.Fatalf("the scripts run with GOPROXY=off, so they may require only versions that a go.mod the test downloads requires (%s):\n\t%s",
			strings.Join(sources, ", "), strings.Join(problems, "\n\t"))
	}
}

var downloads sync.Map // absolute module directory → func() error

// DownloadModule makes the module cache hold every module that the module
// in dir requires, so that a test can then work with that module under
// GOPROXY=off: it runs go mod download, with the go command's usual proxy
// settings, on a copy of dir's go.mod and go.sum in which relative replace
// directives are made absolute. It does so once per directory and process;
// later calls return the first call's result.
func DownloadModule(dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	once, _ := downloads.LoadOrStore(abs, sync.OnceValue(func() error { return downloadModule(abs) }))
	return once.(func() error)()
}

func downloadModule(dir string) error {
	goMod := filepath.Join(dir, "go.mod")
	mf, err := readGoMod(goMod)
	if err != nil {
		return err
	}
	for _, r := range mf.Replace {
		if r.New.Version == "" && !filepath.IsAbs(r.New.Path) {
			if err := mf.AddReplace(r.Old.Path, r.Old.Version, filepath.Join(dir, r.New.Path), ""); err != nil {
				return err
			}
		}
	}
	data, err := mf.Format()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "scripttest-download-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.WriteFile(filepath.Join(tmp, "go.mod"), data, 0o644); err != nil {
		return err
	}
	switch sum, err := os.ReadFile(filepath.Join(dir, "go.sum")); {
	case err == nil:
		if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sum, 0o644); err != nil {
			return err
		}
	case !errors.Is(err, os.ErrNotExist):
		return err
	}
	// The environment the test was started with, proxy included, outside
	// any workspace and with this toolchain. "all" is every module of the
	// build list: without it, go mod download fetches only the modules the
	// copy requires by name, not those the graph selects beyond them
	// (x/sys v0.48.0 that OpenTelemetry's exporters select, say), nor the
	// modules of dependencies' tests, which go mod tidy loads.
	cmd := exec.Command("go", "mod", "download", "all")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go mod download for %s, which the tests need before they work with GOPROXY=off: %v\n%s", goMod, err, out.Bytes())
	}
	return nil
}

func readGoMod(name string) (*modfile.File, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return modfile.Parse(name, data, nil)
}
