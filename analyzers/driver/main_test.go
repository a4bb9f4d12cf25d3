package driver_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtrace/ctxtrace/analyzers"
)

// TestMain lets TestFlagsMatchMultichecker run this binary as
// multichecker with ctxlint's analyzers, the command the driver replaces.
func TestMain(m *testing.M) {
	if os.Getenv("DRIVER_TEST_MULTICHECKER") == "1" {
		multichecker.Main(analyzers.All()...)
		return
	}
	os.Exit(m.Run())
}
