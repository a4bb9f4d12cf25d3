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
	testscript.Run(t, scripttest.Params(t, "testdata/script", "../..", nil))
}
