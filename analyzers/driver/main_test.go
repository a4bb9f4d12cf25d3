package driver_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// vetTool is ctxlint built as users build it, which the driver under test
// runs go vet with. This test binary, race-enabled in CI, would be run
// once per package of the import graph and take many minutes.
var vetTool string

// TestMain builds the vet tool, and lets TestFlagsMatchMultichecker and
// TestFactFreeMatchesUnitchecker run this binary as plain multichecker
// with ctxlint's analyzers.
func TestMain(m *testing.M) {
	if os.Getenv("DRIVER_TEST_MULTICHECKER") == "1" {
		multichecker.Main(analyzers.All()...)
		return
	}
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "driver-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	vetTool = filepath.Join(dir, "ctxlint")
	if _, err := golist.Go("", nil, "build", "-o", vetTool, "github.com/ctxtrace/ctxtrace/cmd/ctxlint"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}
