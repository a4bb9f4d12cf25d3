package spanend

import (
	_ "embed"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/ctxtrace/ctxtrace/analyzers/internal/analyzerdoc"
	"github.com/ctxtrace/ctxtrace/analyzers/internal/suppress"
)

//go:embed doc.go
var docSource string

// settings holds the values of the analyzer's flags.
type settings struct {
	recordError bool
}

var config settings

// Analyzer reports spans that are not ended on all paths.
var Analyzer = &analysis.Analyzer{
	Name:     "spanend",
	Doc:      analyzerdoc.MustExtract(docSource, "spanend"),
	URL:      "https://github.com/ctxtrace/ctxtrace/tree/main/analyzers/spanend",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

func init() {
	Analyzer.Flags.BoolVar(&config.recordError, "record-error", false,
		"also report errors returned on a path where the span did not RecordError or SetStatus(codes.Error, ...)")
}

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	c := &checker{
		pass:        pass,
		report:      suppress.New(pass),
		recordError: config.recordError,
		reportedRet: make(map[*ast.ReturnStmt]bool),
	}
	// Analyse each outermost function (a declaration, or a literal outside
	// any function) together with the literals nested in it, so that
	// captures and caller contexts are seen across closures.
	ins.WithStack([]ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		for _, outer := range stack[:len(stack)-1] {
			switch outer.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				return false // handled with its outermost function
			}
		}
		c.checkOutermost(n)
		return false
	})
	return nil, nil
}

// checker holds what one pass needs while it walks the package's functions.
type checker struct {
	pass        *analysis.Pass
	report      *suppress.Filter
	recordError bool
	// reportedRet keeps a return statement from being reported once per
	// span when several spans reach it without recording the error.
	reportedRet map[*ast.ReturnStmt]bool
	// startHooks holds the package's start hooks, once endHookOfPair
	// has needed them.
	startHooks map[hookKey]bool
}

// checkOutermost checks the outermost function top and every function
// literal nested in it.
func (c *checker) checkOutermost(top ast.Node) {
	parents := &parentIndex{root: top}
	c.checkForeignEnds(top, parents)
	ast.Inspect(top, func(n ast.Node) bool {
		switch fn := n.(type) {
		case *ast.FuncDecl:
			if fn.Body != nil {
				c.checkFunc(newFuncInfo(c.pass.TypesInfo, fn, fn.Body, parents))
			}
		case *ast.FuncLit:
			c.checkFunc(newFuncInfo(c.pass.TypesInfo, fn, fn.Body, parents))
		}
		return true
	})
}

// parentIndex maps every node below root to its parent. It is built on
// first use: most functions start no span and end none, so never ask, and
// building it for each of them was a tenth of the analyzer's time.
type parentIndex struct {
	root    ast.Node
	parents map[ast.Node]ast.Node
}

// of returns n's parent, or nil for root and nodes outside it.
func (p *parentIndex) of(n ast.Node) ast.Node {
	if p.parents == nil {
		p.parents = make(map[ast.Node]ast.Node)
		ast.PreorderStack(p.root, nil, func(n ast.Node, stack []ast.Node) bool {
			if len(stack) > 0 {
				p.parents[n] = stack[len(stack)-1]
			}
			return true
		})
	}
	return p.parents[n]
}

// signatureOf returns the type of a function declaration or literal, or nil.
func signatureOf(info *types.Info, fn ast.Node) *types.Signature {
	var t types.Type
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		if obj := info.Defs[fn.Name]; obj != nil {
			t = obj.Type()
		}
	case *ast.FuncLit:
		if tv, ok := info.Types[fn]; ok {
			t = tv.Type
		}
	}
	sig, _ := t.(*types.Signature)
	return sig
}
