// Command ctxlint reports dropped contexts (ctxdrop), unended
// OpenTelemetry spans (spanend) and data races on shared records
// (recordrace), together with every analyzer that go vet runs by default.
// Run "ctxlint -h" for usage, flags and exit statuses, and "ctxlint help"
// for what each analyzer reports.
package main

import (
	"flag"
	"fmt"
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/analyzers/driver"
)

const usage = `usage: ctxlint [-flag] [packages]
       go vet -vettool=$(command -v ctxlint) [packages]

ctxlint reports dropped contexts (ctxdrop), unended OpenTelemetry spans
(spanend) and data races on shared records (recordrace), and runs every
analyzer go vet runs by default.

Naming analyzers selects only those (ctxlint -ctxdrop -spanend -recordrace
./... runs ctxtrace's own); -NAME=false turns one off. "ctxlint help NAME"
says what an analyzer reports and what it does not.

-format=sarif (or -sarif) prints SARIF 2.1.0 for GitHub code scanning.

Exit status: 0 nothing reported, 3 diagnostics reported, 1 packages could
not be loaded. With -json or -format=sarif the status is 0 unless loading
fails. 2 means a bad command line. -fix changes no file, and exits 1, when
a package does not load or a file cannot be written; it exits 1 too when
a fix cannot be applied (a conflict, or a file that uses cgo).

Flags:
`

func main() {
	if driver.InvokedByVet(os.Args[1:]) {
		// go vet's -V=full and -flags handshake and its per-package
		// vet.cfg runs belong to unitchecker's protocol, which
		// multichecker speaks; it parses the flags itself.
		flag.Usage = func() {
			fmt.Fprint(flag.CommandLine.Output(), usage)
			flag.PrintDefaults()
		}
		multichecker.Main(analyzers.All()...)
		return
	}
	d := &driver.Driver{
		Name:           "ctxlint",
		Usage:          usage,
		Analyzers:      analyzers.All(),
		InformationURI: "https://github.com/ctxtrace/ctxtrace",
	}
	os.Exit(d.Main(os.Args[1:]))
}
