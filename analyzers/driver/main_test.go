package driver_test

import (
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/analyzers/driver"
)

// TestMain lets TestFlagsMatchMultichecker run this binary as
// multichecker with ctxlint's analyzers, the command the driver replaces.
func TestMain(m *testing.M) {
	// The driver runs go vet with this binary as its vet tool.
	if os.Getenv("DRIVER_TEST_MULTICHECKER") == "1" {
		multichecker.Main(analyzers.All()...)
		return
	}
	if driver.InvokedByVet(os.Args[1:]) {
		driver.VetMain(analyzers.All()...)
		return
	}
	os.Exit(m.Run())
}
