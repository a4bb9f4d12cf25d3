package recordrace

import (
	"go/ast"
	"go/token"
	"go/types"
	"go/version"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// A function is one function declaration or literal that starts
// goroutines: the parent, in the spec's terms. Everything here is the
// function's own code, not that of the literals nested in it.
type function struct {
	body       *ast.BlockStmt
	goroutines []*goroutine
	// accesses are the function's own uses of local variables, by variable.
	accesses map[*types.Var][]*access
	waits    []token.Pos // positions of wait points (see isWaitPoint)
	sleeps   []token.Pos // positions of time.Sleep calls
	signals  []event     // sends, closes, Done and cancel calls
}

// A goroutine is a function literal started by a go statement or a Go
// method, seen from the function that starts it.
type goroutine struct {
	launch ctxspan.Launch
	cur    inspector.Cursor // the launching statement
	line   int
	// loop is the innermost loop around the launch, with its body.
	loop     ast.Stmt
	loopBody *ast.BlockStmt
	// repeated: the loop starts more instances before this one can have
	// finished (no wait after the launch in the iteration).
	repeated bool
	// perIteration: the file has Go 1.22 loop variable semantics.
	perIteration bool
	// accesses are the goroutine's uses of variables declared outside it.
	accesses map[*types.Var][]*access
	waits    []event // receives, ranges over channels, Wait calls
	signals  []event // sends, closes, Done and cancel calls; deferred ones at the end
}

func perIterationLoopVars(pass *analysis.Pass, file *ast.File) bool {
	v := pass.TypesInfo.FileVersions[file]
	if v == "" {
		v = pass.Pkg.GoVersion()
	}
	// Unknown versions get the current semantics: that reports less.
	return v == "" || version.Compare(v, "go1.22") >= 0
}

func (c *checker) newFunction(fnCur inspector.Cursor, body *ast.BlockStmt, perIteration bool) *function {
	info := c.pass.TypesInfo
	f := &function{body: body, accesses: make(map[*types.Var][]*access)}
	bodyCur, ok := fnCur.FindNode(body)
	if !ok {
		return f
	}
	launchCalls := make(map[ast.Node]bool) // starting a goroutine orders nothing
	bodyCur.Inspect(nil, func(cur inspector.Cursor) bool {
		n := cur.Node()
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if stmt, ok := n.(ast.Stmt); ok {
			if l, litCur, ok := c.launchOf(stmt); ok {
				launchCalls[l.Call] = true
				if l.Body != nil {
					f.goroutines = append(f.goroutines, c.newGoroutine(l, cur, litCur, perIteration))
				}
			}
		}
		f.signals = append(f.signals, signalEvents(info, n)...)
		switch {
		case isWaitPoint(info, n):
			f.waits = append(f.waits, n.Pos())
		case isSleep(info, n):
			f.sleeps = append(f.sleeps, n.Pos())
		case isCall(n) && !launchCalls[n] && c.maySyncCall(n.(*ast.CallExpr)):
			// A call that may synchronise (r.RunUntilStop receiving what
			// the goroutine's r.Stop sends) may order what follows.
			f.waits = append(f.waits, n.Pos())
		}
		if id, ok := n.(*ast.Ident); ok {
			if v := localVar(info, id); v != nil {
				if a, ok := accessOf(info, cur, v); ok {
					f.accesses[v] = append(f.accesses[v], &a)
				}
			}
		}
		return true
	})
	for _, g := range f.goroutines {
		g.repeated = g.loop != nil &&
			!anyIn(f.waits, g.cur.Node().End(), g.loopBody.End()) &&
			!leavesLoopAfter(info, g.cur, g.loopBody)
	}
	return f
}

// newGoroutine describes the goroutine l starts at cur; litCur is the
// cursor of a literal held in a variable (go f()), else the zero cursor.
func (c *checker) newGoroutine(l ctxspan.Launch, cur, litCur inspector.Cursor, perIteration bool) *goroutine {
	info := c.pass.TypesInfo
	g := &goroutine{
		launch:       l,
		cur:          cur,
		line:         c.pass.Fset.Position(l.Stmt.Pos()).Line,
		perIteration: perIteration,
		accesses:     make(map[*types.Var][]*access),
	}
	g.loop, g.loopBody = innermostLoop(cur)
	if litCur.Inspector() == nil {
		var ok bool
		if litCur, ok = cur.FindNode(l.Body); !ok {
			return g
		}
	}
	litCur.Inspect(nil, func(cur inspector.Cursor) bool {
		n := cur.Node()
		if lit, ok := n.(*ast.FuncLit); ok && lit != l.Body && c.launchLits[lit] {
			return false // a goroutine of its own
		}
		g.waits = append(g.waits, waitEvents(info, n)...)
		g.signals = append(g.signals, signalEvents(info, n)...)
		if d, ok := n.(*ast.DeferStmt); ok {
			ast.Inspect(d.Call, func(n ast.Node) bool {
				for _, e := range signalEvents(info, n) {
					g.signals = append(g.signals, event{l.Body.End(), e.key})
				}
				return true
			})
		}
		if id, ok := n.(*ast.Ident); ok {
			if v := localVar(info, id); v != nil && !within(l.Body, v.Pos()) {
				if a, ok := accessOf(info, cur, v); ok {
					a.privateAt = g.privateIndex(info, a.path)
					g.accesses[v] = append(g.accesses[v], &a)
				}
			}
		}
		return true
	})
	return g
}

// instancePrivate reports whether each instance of the goroutine sees its
// own copy of v: v is declared in the body of the loop that starts it, or
// is that loop's variable under Go 1.22 semantics.
func (g *goroutine) instancePrivate(v *types.Var) bool {
	if g.loop == nil || !within(g.loop, v.Pos()) {
		return false
	}
	return within(g.loopBody, v.Pos()) || g.perIteration
}

// private reports whether v holds a value of this goroutine instance alone.
func (g *goroutine) private(v *types.Var) bool {
	return within(g.launch.Body, v.Pos()) || g.instancePrivate(v)
}

// privateIndex returns the position in path of the first slice or array
// index that mentions a variable private to the goroutine instance, or -1.
func (g *goroutine) privateIndex(info *types.Info, path []step) int {
	for i, s := range path {
		if s.kind != indexStep {
			continue
		}
		found := false
		ast.Inspect(s.index, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && g.private(v) {
					found = true
				}
			}
			return !found
		})
		if found {
			return i
		}
	}
	return -1
}

func isCall(n ast.Node) bool {
	_, ok := n.(*ast.CallExpr)
	return ok
}
