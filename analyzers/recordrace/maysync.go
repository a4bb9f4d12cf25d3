package recordrace

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// quietPkgs are the packages whose functions never synchronise with
// another goroutine: a call into them leaves a pair of accesses unordered.
// Every other package may synchronise (a client's Stop may send on a
// channel), so calls into it end a pair. Keep this list small: a package
// here that does synchronise turns orderly code into a report.
var quietPkgs = map[string]bool{
	"fmt": true, "strings": true, "strconv": true, "sort": true, "slices": true,
	"maps": true, "errors": true, "bytes": true, "unicode": true, "unicode/utf8": true,
	"math": true, "math/bits": true, "math/rand": true, "math/rand/v2": true,
	"path": true, "path/filepath": true,
}

// quietFunc reports whether fn is known not to synchronise: a function of
// quietPkgs, or time.Now, time.Since and time.Sleep (sleeping waits for
// nobody; the time.Sleep rule reports reads after it).
func quietFunc(fn *types.Func) bool {
	pkg := fn.Pkg()
	if pkg == nil {
		return true // error.Error and other universe methods
	}
	if pkg.Path() == "sync" && fn.Name() == "Add" {
		return true // WaitGroup.Add: counting orders nothing
	}
	if pkg.Path() == "time" {
		switch fn.Name() {
		case "Now", "Since", "Sleep", "Duration", "Sub", "Seconds", "Milliseconds", "String":
			return true
		}
		return false
	}
	return quietPkgs[pkg.Path()] || quietPkgs[strings.TrimSuffix(pkg.Path(), "/v2")]
}

// maySyncCall reports whether call may synchronise with another goroutine
// although it is no wait point itself: a call into another package that is
// not known to be quiet, a call of an unknown function value or interface
// method, or a call of a function or method of this package whose body
// (transitively, within the package) waits or signals. Builtins and
// conversions do not.
func (c *checker) maySyncCall(call *ast.CallExpr) bool {
	info := c.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && (tv.IsType() || tv.IsBuiltin()) {
		return false
	}
	fn := ctxspan.Callee(info, call)
	if fn == nil {
		return true // a func value: it may do anything
	}
	if fn.Pkg() != c.pass.Pkg {
		return !quietFunc(fn)
	}
	decl := c.decls.Decl(fn)
	if decl == nil || decl.Body == nil {
		// An interface method or a function without a body.
		return true
	}
	return c.bodyMaySync(fn.Origin(), decl.Body)
}

// bodyMaySync computes the per-pass summary of one same-package function.
// A function being computed counts as quiet to its recursive calls: what
// it does is decided by the rest of its body.
func (c *checker) bodyMaySync(fn *types.Func, body *ast.BlockStmt) bool {
	if v, ok := c.maySync[fn]; ok {
		return v
	}
	c.maySync[fn] = false
	info := c.pass.TypesInfo
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			// Starting a goroutine orders nothing by itself; what it runs
			// is not the caller's code.
			return false
		case *ast.FuncLit:
			return false // runs when called; a call of it is a func value
		case *ast.SendStmt:
			found = true
		case *ast.CallExpr:
			if isWaitPoint(info, n) || len(signalEvents(info, n)) > 0 || c.maySyncCall(n) {
				found = true
			}
		default:
			if isWaitPoint(info, n) {
				found = true
			}
		}
		return !found
	})
	c.maySync[fn] = found
	return found
}
