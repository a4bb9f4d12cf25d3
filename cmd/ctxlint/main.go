// Command ctxlint reports dropped contexts (ctxdrop), unended
// OpenTelemetry spans (spanend) and data races on shared records
// (recordrace), together with every analyzer that go vet runs by default.
// Run "ctxlint -h" for usage, flags and exit statuses, and "ctxlint help"
// for what each analyzer reports.
package main

import (
	"os"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/analyzers/driver"
)

const usage = `usage: ctxlint [flags] [packages]
       go vet -vettool=$(command -v ctxlint) [packages]
       go fix -fixtool=$(command -v ctxlint) [packages]

ctxlint reports dropped contexts, unended OpenTelemetry spans and data
races on shared records, and runs every analyzer go vet runs by default.
It runs under go vet, which caches each package's results: a re-run
analyses only what changed. "ctxlint help NAME" says what an analyzer
reports and what it does not.
`

func main() {
	if driver.InvokedByVet(os.Args[1:]) {
		// go vet's -V=full and -flags handshake and its per-package
		// vet.cfg runs belong to unitchecker's protocol, which
		// multichecker speaks; it parses the flags itself.
		driver.VetMain(analyzers.All()...)
		return
	}
	d := &driver.Driver{
		Name:           "ctxlint",
		Usage:          usage,
		Analyzers:      analyzers.All(),
		Featured:       analyzers.Ours(),
		InformationURI: "https://github.com/ctxtrace/ctxtrace",
	}
	os.Exit(d.Main(os.Args[1:]))
}
