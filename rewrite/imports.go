package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/dave/dst"
)

// wellKnown maps the usual name of each package injected code may use to
// its import path.
var wellKnown = map[string]string{
	"context":   "context",
	"otel":      "go.opentelemetry.io/otel",
	"trace":     "go.opentelemetry.io/otel/trace",
	"codes":     "go.opentelemetry.io/otel/codes",
	"attribute": "go.opentelemetry.io/otel/attribute",
	// The rest serve the support file only (envelope.tmpl, setup.tmpl).
	"atomic":      "sync/atomic",
	"autoexport":  "go.opentelemetry.io/contrib/exporters/autoexport",
	"fmt":         "fmt",
	"os":          "os",
	"propagation": "go.opentelemetry.io/otel/propagation",
	"resource":    "go.opentelemetry.io/otel/sdk/resource",
	"sdktrace":    "go.opentelemetry.io/otel/sdk/trace",
	"strings":     "strings",
	"time":        "time",
}

func defaultImportName(path string) string {
	return path[strings.LastIndex(path, "/")+1:]
}

// fileImports decides the names injected code uses for packages in one
// file, and adds the imports it ends up needing.
type fileImports struct {
	names map[string]string // usual name -> name in this file
	have  map[string]bool   // import paths the file already has
	want  map[string]bool   // import paths to add
	// other maps the path of a package that is not well known to its
	// name in this file; taken is every name the file uses.
	other map[string]string
	taken map[string]bool
}

// newFileImports names each well-known package as the file already imports
// it, or else by its usual name, prefixed with "otel" while that is taken.
func newFileImports(af *ast.File, taken map[string]bool) *fileImports {
	fi := &fileImports{names: make(map[string]string), have: make(map[string]bool), want: make(map[string]bool),
		other: make(map[string]string), taken: taken}
	for _, spec := range af.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		fi.have[path] = true
		name := defaultImportName(path)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "_" && name != "." {
			fi.other[path] = name
		}
		for usual, p := range wellKnown {
			if p == path && name != "_" && name != "." {
				fi.names[usual] = name
			}
		}
	}
	used := func(name string) bool {
		return taken[name] || slices.Contains(mapValues(fi.names), name)
	}
	for _, usual := range sortedKeys(wellKnown) {
		if _, ok := fi.names[usual]; ok {
			continue
		}
		name := usual
		if used(name) {
			name = freshName("otel"+usual, used)
		}
		fi.names[usual] = name
	}
	return fi
}

// nameFor returns the name pkg has in this file, importing it under a
// name nothing in the file uses if it is not imported yet.
func (fi *fileImports) nameFor(pkg *types.Package) string {
	for usual, path := range wellKnown {
		if path == pkg.Path() {
			if !fi.have[path] {
				fi.want[path] = true
			}
			return fi.names[usual]
		}
	}
	if name, ok := fi.other[pkg.Path()]; ok {
		if !fi.have[pkg.Path()] {
			fi.want[pkg.Path()] = true
		}
		return name
	}
	name := freshName(pkg.Name(), func(s string) bool {
		return fi.taken[s] || slices.Contains(mapValues(fi.names), s) || slices.Contains(mapValues(fi.other), s)
	})
	fi.other[pkg.Path()] = name
	fi.want[pkg.Path()] = true
	return name
}

// noteUses records the name local was injected.
func (fi *fileImports) noteUses(n dst.Node) {
	dst.Inspect(n, func(n dst.Node) bool {
		sel, ok := n.(*dst.SelectorExpr)
		if !ok {
			return true
		}
		if x, ok := sel.X.(*dst.Ident); ok {
			for usual, name := range fi.names {
				if name == x.Name && !fi.have[wellKnown[usual]] {
					fi.want[wellKnown[usual]] = true
				}
			}
		}
		return true
	})
}

// apply adds the wanted imports to f: the standard library's into the
// first group of the file's import block (a group of their own before the
// rest, when that group holds none), the others as a group of their own at
// its end, goimports-style. A file without an import block gets one.
func (fi *fileImports) apply(f *dst.File) {
	if len(fi.want) == 0 {
		return
	}
	var std, other []*dst.ImportSpec
	for _, path := range sortedKeys(fi.want) {
		spec := fi.spec(path)
		if isStdPath(path) {
			std = append(std, spec)
		} else {
			other = append(other, spec)
		}
	}
	block := importBlock(f)
	if block == nil {
		block = &dst.GenDecl{Tok: token.IMPORT, Lparen: true, Rparen: true}
		block.Decs.Before = dst.EmptyLine
		f.Decls = slices.Insert(f.Decls, lastImportIndex(f)+1, dst.Decl(block))
	}
	if len(std) > 0 && len(block.Specs) > 0 && !isStdPath(importPath(block.Specs[0])) {
		// The blank line after the new group goes with its last spec, so
		// that strip, removing the group, leaves the block as it was.
		std[len(std)-1].Decs.After = dst.EmptyLine
		for i, spec := range std {
			block.Specs = slices.Insert(block.Specs, i, dst.Spec(spec))
		}
		std = nil
	}
	for _, spec := range std {
		i := 0
		for i < len(block.Specs) && (i == 0 || block.Specs[i].Decorations().Before != dst.EmptyLine) && importPath(block.Specs[i]) < importPath(spec) {
			i++
		}
		block.Specs = slices.Insert(block.Specs, i, dst.Spec(spec))
	}
	for i, spec := range other {
		if i == 0 && len(block.Specs) > 0 {
			spec.Decs.Before = dst.EmptyLine
		}
		block.Specs = append(block.Specs, spec)
	}
	f.Imports = f.Imports[:0]
	for _, decl := range f.Decls {
		if gen, ok := decl.(*dst.GenDecl); ok && gen.Tok == token.IMPORT {
			for _, spec := range gen.Specs {
				f.Imports = append(f.Imports, spec.(*dst.ImportSpec))
			}
		}
	}
}

func (fi *fileImports) spec(path string) *dst.ImportSpec {
	spec := &dst.ImportSpec{Path: &dst.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}}
	name, ok := fi.other[path]
	for usual, n := range fi.names {
		if wellKnown[usual] == path {
			name, ok = n, true
		}
	}
	if ok && name != defaultImportName(path) {
		spec.Name = dst.NewIdent(name)
	}
	spec.Decs.Before, spec.Decs.After = dst.NewLine, dst.NewLine
	mark(spec)
	return spec
}

// importBlock returns the file's first parenthesised import declaration.
func importBlock(f *dst.File) *dst.GenDecl {
	for _, decl := range f.Decls {
		if gen, ok := decl.(*dst.GenDecl); ok && gen.Tok == token.IMPORT && gen.Lparen && len(gen.Specs) > 0 {
			return gen
		}
	}
	return nil
}

func lastImportIndex(f *dst.File) int {
	last := -1
	for i, decl := range f.Decls {
		if gen, ok := decl.(*dst.GenDecl); ok && gen.Tok == token.IMPORT {
			last = i
		}
	}
	return last
}

func importPath(spec dst.Spec) string {
	path, _ := strconv.Unquote(spec.(*dst.ImportSpec).Path.Value)
	return path
}

// isStdPath reports whether path belongs to the standard library, by the
// go command's rule: no dot in the first path element.
func isStdPath(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// freshName returns want, or want followed by the smallest number from 2
// up, whichever taken does not report.
func freshName(want string, taken func(string) bool) string {
	if !taken(want) {
		return want
	}
	for i := 2; ; i++ {
		if name := want + strconv.Itoa(i); !taken(name) {
			return name
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func mapValues(m map[string]string) []string {
	values := make([]string, 0, len(m))
	for _, v := range m {
		values = append(values, v)
	}
	return values
}
