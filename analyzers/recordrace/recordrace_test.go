package recordrace_test

import (
	"path/filepath"
	"testing"

	"github.com/ctxtrace/ctxtrace/analyzers/recordrace"
	"golang.org/x/tools/go/analysis/analysistest"
)

// Each case directory holds positives (// want) and negatives side by side.
var cases = []string{
	"linktrack",  // the seed's link and monitor records, and their fixes
	"counters",   // sum += i, atomics, Mutex, RWMutex, early Unlock, lock wrappers
	"slots",      // results[i] per goroutine vs shared or constant indices
	"loopvar121", // the same loops under Go 1.21 and Go 1.22 semantics
	"maps",       // map stores and deletes, sync.Map, per-goroutine maps
	"errgroups",  // errgroup.Group.Go tasks
	"waitgroups", // WaitGroup, WaitGroup.Go, worker pools, conc-style pools
	"handoff",    // goroutines ordered by channels and WaitGroups
	"sleepsync",  // time.Sleep standing in for waiting
	"ignore",     // the //ctxlint:ignore directive
	"helpersync", // handshakes inside same-package helpers
	"funcvalues", // go f() and g.Go(task) with a closure held in a local
}

func TestRecordRace(t *testing.T) {
	patterns := make([]string, len(cases))
	for i, c := range cases {
		patterns[i] = "./" + c
	}
	analysistest.Run(t, filepath.Join(analysistest.TestData(), "src"), recordrace.Analyzer, patterns...)
}
