package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

// pkgState is what injecting into one package needs across its files.
type pkgState struct {
	cfg    Config
	tmpls  templateSet
	pkg    *packages.Package
	info   *types.Info
	tracer string // the package-level tracer variable
	// ownTracer is true when the package already declares a trace.Tracer
	// variable, which injected code then uses.
	ownTracer bool
	// spanned holds the functions of this package that get a span of their
	// own, so a go statement calling one needs no second span.
	spanned map[*types.Func]bool
	rule    *spanRule
	// targets memoises funcSpanTarget by function node.
	targets map[ast.Node]spanTargetResult
	pipes   *pipelines
	// usesEnvelope and usesSetup record that injected code refers to the
	// declarations of the package's support file.
	usesEnvelope, usesSetup bool
	// callers caches the caller contexts of each outermost function: the
	// pipeline analysis and the injection both ask.
	callers map[ast.Node]*ctxspan.CallerContexts
}

// callersOf returns the caller contexts of fn, an outermost function.
func (p *pkgState) callersOf(fn ast.Node) *ctxspan.CallerContexts {
	cc, ok := p.callers[fn]
	if !ok {
		cc = ctxspan.NewCallerContexts(p.info, fn)
		p.callers[fn] = cc
	}
	return cc
}

// injectPackage returns the new content of every file of pkg it changed.
func injectPackage(cfg Config, tmpls templateSet, pkg *packages.Package) (map[string][]byte, error) {
	p := &pkgState{cfg: cfg, tmpls: tmpls, pkg: pkg, info: pkg.TypesInfo, spanned: make(map[*types.Func]bool),
		callers: make(map[ast.Node]*ctxspan.CallerContexts), targets: make(map[ast.Node]spanTargetResult)}
	var files []*fileState
	for _, af := range pkg.Syntax {
		name := pkg.Fset.File(af.FileStart).Name()
		if !instrumentable(pkg, name, af) {
			continue
		}
		dec := decorator.NewDecorator(pkg.Fset)
		df, err := dec.DecorateFile(af)
		if err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", name, err)
		}
		if ignored(df.Decs.Start, df.Decs.Package) {
			cfg.Log("%s: //otelgen:ignore on the package clause: file left alone", relName(name))
			continue
		}
		files = append(files, &fileState{p: p, name: name, af: af, df: df, dec: dec})
	}
	slices.SortFunc(files, func(a, b *fileState) int { return strings.Compare(a.name, b.name) })
	p.chooseTracer()
	for _, f := range files {
		f.prepare()
	}
	p.pipes = findPipelines(p, files)
	p.rule = newSpanRule(p.info, pkg.Syntax, p.carriesContexts)
	for _, f := range files {
		f.planSpannedFuncs()
	}
	for _, f := range files {
		if err := f.inject(); err != nil {
			return nil, err
		}
	}
	if cfg.Init {
		if err := p.injectInit(files); err != nil {
			return nil, err
		}
	}
	if !p.ownTracer {
		if err := p.declareTracer(files); err != nil {
			return nil, err
		}
	}
	out := make(map[string][]byte)
	support, err := p.support()
	if err != nil {
		return nil, err
	}
	if support != nil {
		out[p.supportPath()] = support
	}
	for _, f := range files {
		if !f.changed {
			continue
		}
		f.imports.apply(f.df)
		var buf bytes.Buffer
		if err := decorator.Fprint(&buf, f.df); err != nil {
			return nil, fmt.Errorf("rewrite %s: %w", f.name, err)
		}
		src, err := formatted(f.name, buf.Bytes())
		if err != nil {
			return nil, err
		}
		out[f.name] = src
	}
	return out, nil
}

// chooseTracer reuses a package-level trace.Tracer variable the package
// already has, or names a new one that no file of the package uses.
func (p *pkgState) chooseTracer() {
	scope := p.pkg.Types.Scope()
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if ok && ctxspan.IsTracer(v.Type()) && !strings.HasSuffix(p.pkg.Fset.Position(v.Pos()).Filename, "_test.go") {
			p.tracer, p.ownTracer = name, true
			p.cfg.Log("%s: using the package's own tracer variable %s", p.pkg.PkgPath, name)
			return
		}
	}
	taken := make(map[string]bool)
	for _, af := range p.pkg.Syntax {
		for name := range identNames(af) {
			taken[name] = true
		}
	}
	p.tracer = freshName("tracer", func(s string) bool { return taken[s] })
}

// declareTracer puts the tracer variable into the first file that uses it.
func (p *pkgState) declareTracer(files []*fileState) error {
	for _, f := range files {
		if !f.usesTracer {
			continue
		}
		name := p.cfg.TracerName
		if name == "" {
			name = p.pkg.PkgPath
		}
		site := &Site{Tracer: p.tracer, TracerName: name, Pkg: f.imports.names}
		decl, err := p.tmpls.decl(tmplTracer, site, relName(f.name))
		if err != nil {
			return err
		}
		f.imports.noteUses(decl)
		at := lastImportIndex(f.df) + 1
		f.df.Decls = slices.Insert(f.df.Decls, at, decl)
		return nil
	}
	return nil
}

// fileState is one file being injected into.
type fileState struct {
	p       *pkgState
	name    string
	af      *ast.File
	df      *dst.File
	dec     *decorator.Decorator
	imports *fileImports
	// usesTracer and changed record whether anything was injected.
	usesTracer, changed bool
}

func (f *fileState) dstOf(n ast.Node) dst.Node { return f.dec.Dst.Nodes[n] }

// rel names a file for the code.file.path attribute: relative to the
// module root, as the OpenTelemetry conventions suggest.
func (f *fileState) rel(name string) string {
	if m := f.p.pkg.Module; m != nil && m.Dir != "" {
		if rel, err := filepath.Rel(m.Dir, name); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	if name != f.name {
		return filepath.ToSlash(name) // a //line directive's file outside the module
	}
	return filepath.Base(name)
}

func (f *fileState) position(pos token.Pos) token.Position {
	p := f.p.pkg.Fset.Position(pos)
	p.Filename = relName(p.Filename)
	return p
}

// planSpannedFuncs records which declared functions of the file will get
// a function span.
func (f *fileState) planSpannedFuncs() {
	for _, decl := range f.af.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil || f.p.cfg.NoFunctions || f.declIgnored(fd) {
			continue
		}
		if _, ok := f.funcSpanTarget(fd, fd.Type, fd.Body, spanDirective(f.dstOf(fd).(*dst.FuncDecl).Decs.Start)); ok {
			if fn, ok := f.p.info.Defs[fd.Name].(*types.Func); ok {
				f.p.spanned[fn] = true
			}
		}
	}
}

func (f *fileState) declIgnored(fd *ast.FuncDecl) bool {
	d := f.dstOf(fd).(*dst.FuncDecl)
	return ignored(d.Decs.Start)
}

// prepare names the packages injected code may use in this file.
func (f *fileState) prepare() {
	taken := identNames(f.af)
	for _, name := range f.p.pkg.Types.Scope().Names() {
		taken[name] = true
	}
	taken[f.p.tracer] = true
	f.imports = newFileImports(f.af, taken)
}

func (f *fileState) inject() error {
	for _, decl := range f.af.Decls {
		fd, ok := decl.(*ast.FuncDecl)
		if !ok || fd.Body == nil {
			continue
		}
		if f.declIgnored(fd) {
			f.p.cfg.Log("%s: //otelgen:ignore: %s left alone", f.position(fd.Pos()), fd.Name.Name)
			continue
		}
		if err := f.injectFunc(fd); err != nil {
			return err
		}
	}
	return nil
}

// note records that stmts were injected.
func (f *fileState) note(nodes ...dst.Node) {
	f.changed = true
	f.usesTracer = true
	for _, n := range nodes {
		f.imports.noteUses(n)
	}
}

func relName(name string) string {
	if wd, err := filepath.Abs("."); err == nil {
		if rel, err := filepath.Rel(wd, name); err == nil && !startsWithDotDot(rel) {
			return rel
		}
	}
	return name
}

func startsWithDotDot(rel string) bool {
	return rel == ".." || len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator)
}
