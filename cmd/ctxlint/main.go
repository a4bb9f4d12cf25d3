// Command ctxlint reports dropped contexts (ctxdrop), unended
// OpenTelemetry spans (spanend) and data races on shared records
// (recordrace), together with every analyzer that go vet runs by default.
// Run "ctxlint -h" for usage, flags and exit statuses, and "ctxlint help"
// for what each analyzer reports.
package main

import (
	"flag"
	"fmt"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/ctxtrace/ctxtrace/analyzers"
)

const usage = `usage: ctxlint [-flag] [packages]
       go vet -vettool=$(command -v ctxlint) [packages]

ctxlint reports dropped contexts (ctxdrop), unended OpenTelemetry spans
(spanend) and data races on shared records (recordrace), and runs every
analyzer go vet runs by default.

Naming analyzers selects only those (ctxlint -ctxdrop -spanend -recordrace
./... runs ctxtrace's own); -NAME=false turns one off. "ctxlint help NAME"
says what an analyzer reports and what it does not.

Exit status: 0 nothing reported, 3 diagnostics reported, 1 packages could
not be loaded. With -json the status is 0 unless loading fails.

Flags:
`

func main() {
	flag.Usage = func() {
		fmt.Fprint(flag.CommandLine.Output(), usage)
		flag.PrintDefaults()
	}
	// multichecker parses the flags itself and answers go vet's -flags and
	// -V=full handshake, so main must not call flag.Parse.
	multichecker.Main(analyzers.All()...)
}
