package main

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/ctxtrace/ctxtrace/internal/scripttest"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"otelgen": main})
}

// TestScripts runs the command-line scenarios in testdata/script. Each
// script is a small module that uses the real OpenTelemetry API from the
// module cache and this repository through a replace, with the network off.
func TestScripts(t *testing.T) {
	// What otelgen -w and -init add to a module that requires nothing,
	// with the versions that selects: the golden cases' module lists it.
	if err := scripttest.DownloadModule("../../testdata/rewrite"); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, scripttest.Params(t, "testdata/script", "../..", nil))
}
