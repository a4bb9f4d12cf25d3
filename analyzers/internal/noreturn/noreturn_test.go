package noreturn

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

const source = `package p

import (
	"fmt"
	"log"
	"os"
	"runtime"
	"testing"
)

type logger struct{}

func (logger) Fatalw(string, ...any) {}
func (logger) Infow(string, ...any)  {}

func calls(t *testing.T, b *testing.B, l logger, f func()) {
	panic("x")          // never
	os.Exit(1)          // never
	runtime.Goexit()    // never
	log.Fatalf("x")     // never
	log.Panicln("x")    // never
	l.Fatalw("x")       // never
	t.Fatal("x")        // never
	b.SkipNow()         // never
	fmt.Println("x")    // returns
	l.Infow("x")        // returns
	t.Log("x")          // returns
	f()                 // returns
	os.Getenv("HOME")   // returns
}
`

// TestMayReturn checks each call against the comment on its line.
func TestMayReturn(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", source, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("p", fset, []*ast.File{file}, info); err != nil {
		t.Fatal(err)
	}
	want := make(map[int]bool) // line -> may return
	for _, group := range file.Comments {
		for _, c := range group.List {
			switch strings.TrimSpace(strings.TrimPrefix(c.Text, "//")) {
			case "never":
				want[fset.Position(c.Pos()).Line] = false
			case "returns":
				want[fset.Position(c.Pos()).Line] = true
			}
		}
	}
	mayReturn := MayReturn(info)
	checked := 0
	ast.Inspect(file, func(n ast.Node) bool {
		stmt, ok := n.(*ast.ExprStmt)
		if !ok {
			return true
		}
		line := fset.Position(stmt.Pos()).Line
		expected, ok := want[line]
		if !ok {
			return true
		}
		checked++
		if got := mayReturn(stmt.X.(*ast.CallExpr)); got != expected {
			t.Errorf("line %d: MayReturn = %v, want %v", line, got, expected)
		}
		return true
	})
	if checked != len(want) {
		t.Errorf("checked %d calls, want %d", checked, len(want))
	}
}
