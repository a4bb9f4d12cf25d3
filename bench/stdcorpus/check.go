package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// checker type-checks rewritten packages against export data. One gc
// importer serves every package, so that context.Context imported by the
// rewritten code and the one otel's export data mentions are one type.
type checker struct {
	fset    *token.FileSet
	exports map[string]string // import path -> export data file
	imp     types.Importer
	sizes   types.Sizes
}

func newChecker(pkgs []*listedPackage) *checker {
	c := &checker{
		fset:    token.NewFileSet(),
		exports: make(map[string]string),
		sizes:   types.SizesFor("gc", runtime.GOARCH),
	}
	for _, p := range pkgs {
		if p.Export != "" {
			c.exports[p.ImportPath] = p.Export
		}
	}
	c.imp = importer.ForCompiler(c.fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := c.exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	})
	return c
}

// importerFor resolves a package's import paths as the go command does:
// through its ImportMap (vendored packages of std), or else to the
// vendored copy when only that one exists.
func (c *checker) importerFor(p *listedPackage) types.Importer {
	return importerFunc(func(path string) (*types.Package, error) {
		if mapped, ok := p.ImportMap[path]; ok {
			path = mapped
		} else if _, ok := c.exports[path]; !ok {
			if _, ok := c.exports["vendor/"+path]; ok {
				path = "vendor/" + path
			}
		}
		return c.imp.Import(path)
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// checkFile says what is wrong with one rewritten file's syntax: it must
// parse and be exactly what gofmt prints.
func checkFile(name string, src []byte) (kind string, err error) {
	if _, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments); err != nil {
		return "parse", err
	}
	formatted, err := format.Source(src)
	if err != nil {
		return "gofmt", err
	}
	if !bytes.Equal(formatted, src) {
		return "gofmt", fmt.Errorf("%s: not gofmt-clean (first difference on line %d)", name, firstDiffLine(src, formatted))
	}
	return "", nil
}

func firstDiffLine(a, b []byte) int {
	line := 1
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return line
		}
		if a[i] == '\n' {
			line++
		}
	}
	return line
}

// typeCheck checks package p with the files in replaced (absolute path ->
// content) instead of those on disk, and with its in-package test files
// when withTests is set. It returns at most a few errors, joined.
func (c *checker) typeCheck(p *listedPackage, replaced map[string][]byte, withTests bool) error {
	names := append([]string(nil), p.CompiledGoFiles...)
	for name, src := range replaced {
		// The support file otelgen creates beside the package's files.
		if !slices.Contains(names, name) && filepath.Dir(name) == p.Dir && src != nil {
			if _, err := os.Stat(name); os.IsNotExist(err) {
				names = append(names, name)
			}
		}
	}
	if withTests {
		names = append(names, p.TestGoFiles...)
	}
	var files []*ast.File
	for _, name := range names {
		if !filepath.IsAbs(name) {
			name = filepath.Join(p.Dir, name)
		}
		src, ok := replaced[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				return fmt.Errorf("reading %w", err)
			}
		}
		f, err := parser.ParseFile(c.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		files = append(files, f)
	}
	var errs []error
	conf := types.Config{
		Importer: c.importerFor(p),
		Sizes:    c.sizes,
		Error: func(err error) {
			if len(errs) < 5 {
				errs = append(errs, err)
			}
		},
	}
	// The errors are gathered by conf.Error; Check's own result repeats
	// the first one.
	_, _ = conf.Check(p.ImportPath, c.fset, files, nil)
	return errors.Join(errs...)
}

// oneLine keeps an error on one line for the summary.
func oneLine(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}
