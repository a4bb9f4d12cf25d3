// Package funcdecl finds the declarations of a package's own functions and
// methods, for analyzers that look into a same-package callee's body
// without facts.
package funcdecl

import (
	"go/ast"
	"go/types"
)

// An Index maps a package's functions and methods to their declarations.
// It is built on the first lookup, so a pass that never asks pays nothing.
type Index struct {
	info  *types.Info
	files []*ast.File
	decls map[*types.Func]*ast.FuncDecl
}

// NewIndex returns the index of the functions declared in files.
func NewIndex(info *types.Info, files []*ast.File) *Index {
	return &Index{info: info, files: files}
}

// Decl returns the declaration of fn (of its generic origin, for an
// instantiation), or nil when files do not declare it: a function of
// another package, an interface method.
func (x *Index) Decl(fn *types.Func) *ast.FuncDecl {
	if x.decls == nil {
		x.decls = make(map[*types.Func]*ast.FuncDecl)
		for _, file := range x.files {
			for _, d := range file.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					if f, ok := x.info.Defs[fd.Name].(*types.Func); ok {
						x.decls[f] = fd
					}
				}
			}
		}
	}
	return x.decls[fn.Origin()]
}
