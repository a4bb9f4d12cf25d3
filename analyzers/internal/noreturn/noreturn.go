// Package noreturn tells the analyzers' control-flow graphs which calls
// never return, without facts.
package noreturn

import (
	"go/ast"
	"go/types"
	"slices"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// MayReturn returns the test cfg.New needs for calls that may return. It
// knows the calls that never do, so that a path ending in panic, os.Exit,
// runtime.Goexit, a logger's Fatal or Panic, or t.Fatal is not a path to a
// return. It is fact-free on purpose: ctrlflow's facts would make drivers
// analyse every dependency from source. A call taken to return that does
// not only adds a path; one taken not to return hides one, which errs
// towards reporting less.
func MayReturn(info *types.Info) func(*ast.CallExpr) bool {
	return func(call *ast.CallExpr) bool {
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && id.Name == "panic" {
			if _, builtin := info.Uses[id].(*types.Builtin); builtin {
				return false
			}
		}
		return !neverReturns(ctxspan.Callee(info, call))
	}
}

var (
	// Loggers (log, zap, logrus, klog, ...) name their exiting and panicking
	// calls alike. Taking a call that does return for one that does not
	// only hides paths, which errs towards silence.
	fatalNames      = []string{"Fatal", "Fatalf", "Fatalln", "Fatalw", "Panic", "Panicf", "Panicln", "Panicw"}
	testingNoReturn = []string{"FailNow", "Fatal", "Fatalf", "SkipNow", "Skip", "Skipf"}
	testingTypes    = []string{"common", "T", "B", "F", "TB"}
)

func neverReturns(fn *types.Func) bool {
	if fn == nil {
		return false
	}
	if ctxspan.IsFunc(fn, "os", "Exit") || ctxspan.IsFunc(fn, "runtime", "Goexit") {
		return true
	}
	if slices.Contains(fatalNames, fn.Name()) {
		return true
	}
	for _, name := range testingNoReturn {
		for _, typ := range testingTypes {
			if ctxspan.IsMethod(fn, "testing", typ, name) {
				return true
			}
		}
	}
	return false
}
