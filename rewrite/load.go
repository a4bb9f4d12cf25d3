package rewrite

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedModule |
	packages.NeedImports

// load lists and type-checks the packages patterns match. Each package is
// returned once, as the variant that includes its in-package tests (so
// injected names cannot collide with names the tests declare). The first
// error of any package is returned with its position.
func load(cfg Config, overlay map[string][]byte, patterns ...string) ([]*packages.Package, error) {
	if len(cfg.Overlay) > 0 {
		merged := maps.Clone(cfg.Overlay)
		maps.Copy(merged, overlay)
		overlay = merged
	}
	pcfg := &packages.Config{
		Mode:       loadMode,
		Dir:        cfg.Dir,
		Env:        cfg.Env,
		BuildFlags: cfg.BuildFlags,
		Tests:      !cfg.NoTests,
		Overlay:    overlay,
	}
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, golist.LoadError(err)
	}
	if err := outsideModule(cfg, pkgs); err != nil {
		return nil, err
	}
	chosen := make(map[string]*packages.Package)
	var order []string
	for _, pkg := range pkgs {
		if strings.HasSuffix(pkg.PkgPath, "_test") || strings.HasSuffix(pkg.PkgPath, ".test") {
			continue
		}
		prev, seen := chosen[pkg.PkgPath]
		if !seen {
			order = append(order, pkg.PkgPath)
		}
		if !seen || len(pkg.Syntax) > len(prev.Syntax) {
			chosen[pkg.PkgPath] = pkg
		}
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	var result []*packages.Package
	for _, path := range order {
		pkg := chosen[path]
		if len(pkg.GoFiles) == 0 && len(pkg.Errors) == 0 {
			// Only test files (go list reports a directory without Go
			// files as an error): nothing to instrument, and go test is happy.
			continue
		}
		result = append(result, pkg)
	}
	// A dependency that does not compile leaves its importers typed
	// against a partial package, and their build fails anyway: name the
	// dependency's error, the first in import order.
	for pkg := range packages.Postorder(result) {
		if err := firstError(pkg); err != nil {
			return nil, err
		}
	}
	return result, nil
}

// outsideModule fails for files named outside any module: the go command
// loads them as command-line-arguments (or, with GO111MODULE=off, as
// "_/dir"), no import path to name a tracer by, and the code injected
// into them imports OpenTelemetry, which only a go.mod can require. The
// loader does not tell which module such files belong to, even inside
// one; go env GOMOD does.
func outsideModule(cfg Config, pkgs []*packages.Package) error {
	for _, pkg := range pkgs {
		if len(pkg.GoFiles) == 0 || pkg.PkgPath != "command-line-arguments" && !strings.HasPrefix(pkg.PkgPath, "_/") {
			continue
		}
		out, err := runGo(cfg, "env", "GOMOD")
		if goMod := strings.TrimSpace(out); err != nil || goMod != "" && goMod != os.DevNull {
			return nil
		}
		return fmt.Errorf("%s is not in a module (no go.mod): otelgen rewrites the packages of a module; run go mod init first", relName(pkg.GoFiles[0]))
	}
	return nil
}

func firstError(pkg *packages.Package) error {
	if len(pkg.Errors) == 0 {
		return nil
	}
	// go list reports a type error as "# pkg\nfile:line: msg" and the
	// type checker reports it again with its position: prefer the latter.
	e := pkg.Errors[0]
	for _, candidate := range pkg.Errors {
		if candidate.Kind == packages.TypeError {
			e = candidate
			break
		}
	}
	msg := oneLine(e.Msg)
	if e.Pos != "" && e.Pos != "-" {
		msg = relName(e.Pos) + ": " + msg
	}
	return errors.New(msg)
}

// oneLine keeps the first line of a go command message that says
// something, without its "to add it: go get ..." advice: otelgen adds
// the requirements it injects itself.
func oneLine(msg string) string {
	line, _, _ := strings.Cut(golist.Line(msg), "; to add it:")
	return line
}

// instrumentable reports whether otelgen may change the file: it belongs
// to the package proper (not its tests), is not generated, and is not a
// cgo file, whose compiled form is not its source.
func instrumentable(pkg *packages.Package, name string, f *ast.File) bool {
	return !strings.HasSuffix(name, "_test.go") &&
		slices.Contains(pkg.GoFiles, name) &&
		slices.Contains(pkg.CompiledGoFiles, name) &&
		!ast.IsGenerated(f)
}

// mayChange is instrumentable for a package file known by its source
// alone. A file that does not parse may: stripping it reports the error.
func mayChange(name string, src []byte) bool {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return true
	}
	for _, spec := range f.Imports {
		if spec.Path.Value == `"C"` {
			return false
		}
	}
	return !ast.IsGenerated(f)
}

// list lists and parses the packages patterns match, without types, which
// works for code that does not build as it stands. What it reports is the
// patterns' errors (no such package, no Go files) and syntax errors.
func list(cfg Config, patterns ...string) ([]*packages.Package, error) {
	pkgs, err := packages.Load(&packages.Config{
		Mode:       packages.NeedName | packages.NeedFiles | packages.NeedSyntax,
		Dir:        cfg.Dir,
		Env:        cfg.Env,
		BuildFlags: cfg.BuildFlags,
		Overlay:    cfg.Overlay,
	}, patterns...)
	if err != nil {
		return nil, golist.LoadError(err)
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s", strings.Join(patterns, " "))
	}
	for _, pkg := range pkgs {
		// Without imports listed, an error of a package without files is
		// the pattern's own.
		for _, e := range pkg.Errors {
			if len(pkg.GoFiles) == 0 || e.Kind == packages.ParseError {
				return nil, firstError(&packages.Package{Errors: []packages.Error{e}})
			}
		}
	}
	return pkgs, nil
}

// hasInjections reports whether src holds anything an earlier run injected:
// a file may hold no marked line and still use the envelope in a type.
func hasInjections(src []byte) bool {
	return bytes.Contains(src, []byte(marker)) || bytes.Contains(src, []byte(`"`+carryPath+`"`)) ||
		bytes.Contains(src, []byte(envelopeType+"[")) || bytes.Contains(src, []byte(envelopeWith))
}

func readFile(cfg Config, name string) ([]byte, error) {
	if src, ok := cfg.Overlay[name]; ok {
		return src, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %w", err)
	}
	return b, nil
}
