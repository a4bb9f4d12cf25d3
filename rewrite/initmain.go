package rewrite

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/dave/dst"
	"golang.org/x/tools/go/types/typeutil"
)

// injectInit makes func main of package main configure the SDK first and
// flush it when main returns. A program that sets up tracing itself keeps
// its own setup: a second provider installed before it would receive the
// spans of every tracer acquired in between, package-level ones included.
func (p *pkgState) injectInit(files []*fileState) error {
	if p.pkg.Name != "main" {
		return nil
	}
	if where, ok := p.setsTracerProvider(); ok {
		p.cfg.Log("%s: package main sets up tracing itself (%s): -init leaves main alone", p.pkg.PkgPath, where)
		return nil
	}
	for _, f := range files {
		for _, decl := range f.af.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Name.Name != "main" || fd.Recv != nil || fd.Body == nil {
				continue
			}
			return f.injectInit(fd)
		}
	}
	p.cfg.Log("%s: no func main in a file otelgen may change: -init injects nothing", p.pkg.PkgPath)
	return nil
}

func (f *fileState) injectInit(fd *ast.FuncDecl) error {
	pos := f.position(fd.Pos())
	if f.declIgnored(fd) {
		f.p.cfg.Log("%s: //otelgen:ignore: -init leaves main alone", pos)
		return nil
	}
	body := f.dstOf(fd.Body).(*dst.BlockStmt)
	if len(body.List) == 0 {
		// Nothing runs, so nothing is traced; and strip could not give
		// back the {} gofmt keeps on one line.
		f.p.cfg.Log("%s: main is empty: -init injects nothing", pos)
		return nil
	}
	var words []string
	if isOneLine(body) {
		words = append(words, wordOneLine)
	}
	stmts, err := f.p.tmpls.stmts(tmplInit, &Site{Pkg: f.imports.names}, pos.String(), words...)
	if err != nil {
		return err
	}
	insertTop(body, stmts)
	f.changed = true
	f.p.usesSetup = true
	for _, s := range stmts {
		f.imports.noteUses(s)
	}
	return nil
}

// setsTracerProvider reports where the package's own (non-test) code
// installs a global tracer provider.
// Providers installed by other packages it calls are not visible here.
func (p *pkgState) setsTracerProvider() (string, bool) {
	for _, af := range p.pkg.Syntax {
		if strings.HasSuffix(p.pkg.Fset.File(af.FileStart).Name(), "_test.go") {
			continue
		}
		var found *ast.CallExpr
		var callee *types.Func
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found != nil {
				return found == nil
			}
			if fn := typeutil.StaticCallee(p.info, call); fn != nil && fn.Pkg() != nil && isTracingSetup(fn) {
				found, callee = call, fn
			}
			return found == nil
		})
		if found != nil {
			pos := p.pkg.Fset.Position(found.Pos())
			pos.Filename = relName(pos.Filename)
			return callee.Pkg().Name() + "." + callee.Name() + " at " + pos.String(), true
		}
	}
	return "", false
}

func isTracingSetup(fn *types.Func) bool {
	path, name := fn.Pkg().Path(), fn.Name()
	return path == wellKnown["otel"] && name == "SetTracerProvider"
}
