package main

import (
	"fmt"
	"os/exec"
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
func TestScripts(t *testing.T) {
	params := scripttest.Params(t, "testdata/script", "../..", func(env *testscript.Env) error {
		ctxlint, err := exec.LookPath("ctxlint")
		if err != nil {
			return fmt.Errorf("ctxlint test command not on PATH: %w", err)
		}
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
