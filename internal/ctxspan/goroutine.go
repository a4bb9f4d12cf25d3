package ctxspan

import (
	"go/ast"
	"go/types"
)

// A Launch is a place where a function starts running in a new goroutine.
type Launch struct {
	// Stmt is the statement that launches the goroutine: a *ast.GoStmt,
	// or the *ast.ExprStmt holding a Go method call.
	Stmt ast.Stmt
	// Call is the call whose callee runs concurrently (for a go statement,
	// its call; for a Go method, the method call).
	Call *ast.CallExpr
	// Body is the function literal that runs in the goroutine, or nil when
	// the goroutine runs a named function or method.
	Body *ast.FuncLit
}

// GoroutineLaunch reports whether stmt starts a goroutine: a go statement,
// or a call of a method named Go whose last argument is a function
// (errgroup.Group.Go, sync.WaitGroup.Go, conc's pools and wait groups).
func GoroutineLaunch(info *types.Info, stmt ast.Stmt) (Launch, bool) {
	switch stmt := stmt.(type) {
	case *ast.GoStmt:
		lit, _ := ast.Unparen(stmt.Call.Fun).(*ast.FuncLit)
		return Launch{Stmt: stmt, Call: stmt.Call, Body: lit}, true
	case *ast.ExprStmt:
		call, ok := ast.Unparen(stmt.X).(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return Launch{}, false
		}
		fn := Callee(info, call)
		if fn == nil || fn.Name() != "Go" {
			return Launch{}, false
		}
		sig := fn.Type().(*types.Signature)
		if sig.Recv() == nil || sig.Params().Len() != len(call.Args) {
			return Launch{}, false
		}
		last := call.Args[len(call.Args)-1]
		if _, ok := sig.Params().At(sig.Params().Len() - 1).Type().Underlying().(*types.Signature); !ok {
			return Launch{}, false
		}
		lit, _ := ast.Unparen(last).(*ast.FuncLit)
		return Launch{Stmt: stmt, Call: call, Body: lit}, true
	}
	return Launch{}, false
}
