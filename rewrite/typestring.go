package rewrite

import (
	"go/types"
	"strings"
)

// typeString writes t as Go source in this file, importing the packages it
// names. It reports false for a type this package cannot write: one that
// mentions an unexported name of another package or a package it may not
// import.
func (f *fileState) typeString(t types.Type) (string, bool) {
	if !f.nameable(t, make(map[types.Type]bool)) {
		return "", false
	}
	return types.TypeString(t, f.qualifier), true
}

func (f *fileState) qualifier(pkg *types.Package) string {
	if pkg == f.p.pkg.Types {
		return ""
	}
	return f.imports.nameFor(pkg)
}

func (f *fileState) nameable(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	visible := func(obj interface {
		Exported() bool
		Pkg() *types.Package
	}) bool {
		return obj.Pkg() == nil || obj.Pkg() == f.p.pkg.Types || obj.Exported() && importable(f.p.pkg.PkgPath, obj.Pkg().Path())
	}
	switch t := t.(type) {
	case *types.Basic, *types.TypeParam:
		return true
	case interface {
		Obj() *types.TypeName
		TypeArgs() *types.TypeList
	}: // *types.Named and *types.Alias
		if !visible(t.Obj()) {
			return false
		}
		if args := t.TypeArgs(); args != nil {
			for i := range args.Len() {
				if !f.nameable(args.At(i), seen) {
					return false
				}
			}
		}
		return true
	case *types.Pointer:
		return f.nameable(t.Elem(), seen)
	case *types.Slice:
		return f.nameable(t.Elem(), seen)
	case *types.Array:
		return f.nameable(t.Elem(), seen)
	case *types.Chan:
		return f.nameable(t.Elem(), seen)
	case *types.Map:
		return f.nameable(t.Key(), seen) && f.nameable(t.Elem(), seen)
	case *types.Signature:
		return f.nameable(t.Params(), seen) && f.nameable(t.Results(), seen)
	case *types.Tuple:
		for i := range t.Len() {
			if !f.nameable(t.At(i).Type(), seen) {
				return false
			}
		}
		return true
	case *types.Struct:
		for i := range t.NumFields() {
			field := t.Field(i)
			if !visible(field) || !f.nameable(field.Type(), seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			if !visible(m) || !f.nameable(m.Type(), seen) {
				return false
			}
		}
		for i := range t.NumEmbeddeds() {
			if !f.nameable(t.EmbeddedType(i), seen) {
				return false
			}
		}
		return true
	}
	return false
}

// importable applies the go command's rule for internal packages.
func importable(from, path string) bool {
	i := strings.LastIndex(path, "/internal/")
	switch {
	case i >= 0:
		return from == path[:i] || strings.HasPrefix(from, path[:i]+"/")
	case strings.HasSuffix(path, "/internal"):
		parent := strings.TrimSuffix(path, "/internal")
		return from == parent || strings.HasPrefix(from, parent+"/")
	case path == "internal" || strings.HasPrefix(path, "internal/"):
		return isStdPath(from)
	}
	return true
}
