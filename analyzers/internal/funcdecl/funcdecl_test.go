package funcdecl

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

func TestDecl(t *testing.T) {
	const src = `package p

type T struct{}

func (T) M() {}

func F() {}

func G[E any](E) {}

type L[E any] struct{}

func (L[E]) N() {}

var l L[int]
`
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{file}, info)
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(info, []*ast.File{file})
	for _, name := range []string{"F", "G"} {
		fn := pkg.Scope().Lookup(name).(*types.Func)
		if d := x.Decl(fn); d == nil || d.Name.Name != name {
			t.Errorf("Decl(%s) = %v, want its declaration", name, d)
		}
	}
	m, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup("T").Type(), false, pkg, "M")
	if d := x.Decl(m.(*types.Func)); d == nil || d.Name.Name != "M" {
		t.Errorf("Decl(T.M) = %v, want its declaration", d)
	}
	// A method of an instantiated type is found through its origin.
	n, _, _ := types.LookupFieldOrMethod(pkg.Scope().Lookup("l").Type(), false, pkg, "N")
	if fn := n.(*types.Func); fn == fn.Origin() {
		t.Fatal("L[int].N is not an instantiation")
	}
	if d := x.Decl(n.(*types.Func)); d == nil || d.Name.Name != "N" {
		t.Errorf("Decl(L[int].N) = %v, want its declaration", d)
	}
	if d := x.Decl(types.Universe.Lookup("error").Type().Underlying().(*types.Interface).Method(0)); d != nil {
		t.Errorf("Decl(error.Error) = %v, want nil", d)
	}
}
