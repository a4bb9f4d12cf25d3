package rewrite_test

import (
	"bytes"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// fuzzSeedsFromGOROOT are standard-library files that import only public
// packages, so they type-check as a package of their own.
var fuzzSeedsFromGOROOT = []string{
	"src/container/list/list.go",
	"src/container/ring/ring.go",
	"src/sort/search.go",
	"src/strings/replace.go",
}

// FuzzRewrite checks what must hold for any package the rewriter accepts:
// it does not panic, its output parses and is gofmt-clean, a second run
// changes nothing, and stripping gives back the gofmt-formatted input.
// Inputs that do not type-check are refused with an error, which is fine.
// `go test` runs the seeds (every golden case and a few GOROOT files);
// `go test -fuzz FuzzRewrite ./rewrite` explores from them.
func FuzzRewrite(f *testing.F) {
	cases, _ := filepath.Glob(filepath.Join("..", "testdata", "rewrite", "*", "*.go"))
	for _, name := range cases {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	for _, name := range fuzzSeedsFromGOROOT {
		if src, err := os.ReadFile(filepath.Join(runtime.GOROOT(), name)); err == nil {
			f.Add(src)
		}
	}
	modFile, sumFile := fuzzModule(f)
	env := goldenEnv()
	f.Fuzz(func(t *testing.T, src []byte) {
		formatted, err := format.Source(src)
		if err != nil || !bytes.Equal(formatted, src) {
			return // strip gives back gofmt-formatted source only
		}
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, "go.mod"), modFile)
		writeFile(t, filepath.Join(dir, "go.sum"), sumFile)
		file := filepath.Join(dir, "p", "p.go")
		writeFile(t, file, src)
		cfg := rewrite.Config{Dir: dir, Env: env}

		changes, err := rewrite.Run(cfg, "./p")
		if err != nil {
			return // refused: a package that does not load or type-check
		}
		i := slices.IndexFunc(changes, func(c rewrite.Change) bool { return c.Path == file })
		if i < 0 {
			return
		}
		out := changes[i].New
		if _, err := parser.ParseFile(token.NewFileSet(), file, out, parser.ParseComments); err != nil {
			t.Fatalf("output does not parse: %v\n%s", err, out)
		}
		if gofmt, _ := format.Source(out); !bytes.Equal(gofmt, out) {
			t.Fatalf("output is not gofmt-clean:\n%s", out)
		}
		if err := rewrite.Write(changes); err != nil {
			t.Fatal(err)
		}
		again, err := rewrite.Run(cfg, "./p")
		if err != nil {
			t.Fatalf("second run on the output: %v\n%s", err, out)
		}
		if len(again) > 0 {
			t.Fatalf("second run changed the output:\n%s", again[0].New)
		}
		cfg.Strip = true
		stripped, err := rewrite.Run(cfg, "./p")
		if err != nil {
			t.Fatalf("strip: %v", err)
		}
		got := out
		for _, c := range stripped {
			switch {
			case c.Path == file:
				got = c.New
			case c.New != nil || c.Old == nil:
				t.Fatalf("strip changes %s, which the run did not create:\n%s", c.Path, c.New)
			}
		}
		if len(stripped) != len(changes) || !bytes.Equal(got, src) {
			t.Fatalf("strip does not give the input back (%d changes, %d stripped):\n--- input\n%s\n--- stripped\n%s", len(changes), len(stripped), src, got)
		}
	})
}

// fuzzModule returns the go.mod and go.sum of the golden cases' module,
// which a copy in a temporary directory can use as they are: injected code
// depends on OpenTelemetry alone.
func fuzzModule(f *testing.F) (modFile, sumFile []byte) {
	modFile, err := os.ReadFile(filepath.Join("..", "testdata", "rewrite", "go.mod"))
	if err != nil {
		f.Fatal(err)
	}
	sumFile, err = os.ReadFile(filepath.Join("..", "testdata", "rewrite", "go.sum"))
	if err != nil {
		f.Fatal(err)
	}
	return modFile, sumFile
}

func writeFile(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o666); err != nil {
		t.Fatal(err)
	}
}
