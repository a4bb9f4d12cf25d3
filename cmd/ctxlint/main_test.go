package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ctxtrace/ctxtrace/internal/scripttest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"ctxlint": main})
}

// TestScripts runs the command-line scenarios in testdata/script. The
// scripts build small modules that use the real OpenTelemetry API from the
// module cache, with the network off; $CTXLINT is the command under test,
// for go vet -vettool. The sarif command checks SARIF logs (sarif.go).
//
// ctxlint is the command built as users build it, not this test binary:
// ctxlint runs go vet with itself as the vet tool, once per package of
// the import graph, and under the race detector that took many minutes.
// The driver's own tests run its code in-process, under -race.
func TestScripts(t *testing.T) {
	bin := t.TempDir()
	ctxlint, err := scripttest.Build(bin, "github.com/ctxtrace/ctxtrace/cmd/ctxlint")
	if err != nil {
		t.Fatal(err)
	}
	params := scripttest.Params(t, "testdata/script", "../..", func(env *testscript.Env) error {
		env.Setenv("PATH", bin+string(os.PathListSeparator)+env.Getenv("PATH"))
		env.Setenv("CTXLINT", ctxlint)
		return nil
	})
	schema, err := filepath.Abs(filepath.Join("..", "..", filepath.FromSlash(schemaFile)))
	if err != nil {
		t.Fatal(err)
	}
	params.Cmds["sarif"] = sarifCmd(schema)
	testscript.Run(t, params)
}
