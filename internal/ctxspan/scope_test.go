package ctxspan_test

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/internal/ctxspan"
)

func loadScope(t *testing.T) *packages.Package {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  "testdata/scope",
	}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("loading testdata/scope: %v", pkgs[0].Errors)
	}
	return pkgs[0]
}

// TestCallerContextsAt checks every probe() call against the context its
// comment says is visible there.
func TestCallerContextsAt(t *testing.T) {
	pkg := loadScope(t)
	file := pkg.Syntax[0]
	wants := make(map[int]string) // line -> expected expression
	for _, group := range file.Comments {
		for _, c := range group.List {
			if want, ok := strings.CutPrefix(c.Text, "// visible: "); ok {
				wants[pkg.Fset.Position(c.Pos()).Line] = want
			}
		}
	}
	probes := 0
	for _, decl := range file.Decls {
		fn := functionOf(decl)
		if fn == nil {
			continue
		}
		contexts := ctxspan.NewCallerContexts(pkg.TypesInfo, fn)
		ast.Inspect(fn, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !isIdent(call.Fun, "probe") {
				return true
			}
			probes++
			line := pkg.Fset.Position(call.Pos()).Line
			want, ok := wants[line]
			if !ok {
				t.Errorf("line %d: probe() without a // visible: comment", line)
				return true
			}
			got := "none"
			if v, ok := contexts.At(call.Pos()); ok {
				got = v.Expr
			}
			if got != want {
				t.Errorf("line %d: visible context %s, want %s", line, got, want)
			}
			return true
		})
	}
	if probes != len(wants) {
		t.Errorf("checked %d probes, but the file has %d // visible: comments", probes, len(wants))
	}
}

func TestIsSpanStart(t *testing.T) {
	pkg := loadScope(t)
	starts := 0
	ast.Inspect(pkg.Syntax[0], func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && ctxspan.IsSpanStart(pkg.TypesInfo, call) {
			starts++
		}
		return true
	})
	// tracer.Start in derived and in wrapper; wrapper's own callers would count too.
	if starts != 2 {
		t.Errorf("found %d span starts, want 2", starts)
	}
}

// functionOf returns a function declaration, or the literal a package-level
// var is initialised with, or nil.
func functionOf(decl ast.Decl) ast.Node {
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		return decl
	case *ast.GenDecl:
		if decl.Tok != token.VAR {
			return nil
		}
		for _, spec := range decl.Specs {
			for _, value := range spec.(*ast.ValueSpec).Values {
				if lit, ok := value.(*ast.FuncLit); ok {
					return lit
				}
			}
		}
	}
	return nil
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
