package spanend

import (
	"fmt"
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"
)

// An errEvent is what a CFG node does about recording an error on a span.
type errEvent int

const (
	errNone     errEvent = iota
	errRecorded          // RecordError or SetStatus(codes.Error, ...), or the span is handed off
	errDone              // the span is ended or overwritten: later errors are not its business
)

// checkRecordError reports return statements, reachable from t's start,
// that return a non-nil error while the span has recorded neither
// RecordError nor SetStatus(codes.Error, ...). A deferred function that
// records the error covers every path after the defer statement.
func (c *checker) checkRecordError(f *funcInfo, t *tracked, def *cfg.Block, index, startLine int) {
	errResults := f.errorResults()
	if len(errResults) == 0 {
		return
	}
	// visit reports whether the path stops within nodes.
	visit := func(nodes []ast.Node) bool {
		for _, n := range nodes {
			if f.errEventIn(n, t) != errNone {
				return true
			}
			if ret, ok := n.(*ast.ReturnStmt); ok && f.returnsError(ret, errResults) {
				c.reportUnrecorded(ret, t, startLine)
				return true
			}
		}
		return false
	}
	if visit(def.Nodes[index+1:]) {
		return
	}
	seen := make(map[*cfg.Block]bool)
	var search func(blocks []*cfg.Block)
	search = func(blocks []*cfg.Block) {
		for _, b := range blocks {
			if seen[b] {
				continue
			}
			seen[b] = true
			if !visit(b.Nodes) {
				search(b.Succs)
			}
		}
	}
	search(def.Succs)
}

func (c *checker) reportUnrecorded(ret *ast.ReturnStmt, t *tracked, startLine int) {
	if c.reportedRet[ret] {
		return
	}
	c.reportedRet[ret] = true
	name := t.span.Name()
	c.report.Report(analysis.Diagnostic{
		Pos: ret.Pos(),
		End: ret.End(),
		Message: fmt.Sprintf("error returned without recording it on the span started on line %d: call %s.RecordError(err) or %s.SetStatus(codes.Error, ...) first",
			startLine, name, name),
	})
}

// errEventIn returns what node n does about recording an error on t's span.
func (f *funcInfo) errEventIn(n ast.Node, t *tracked) errEvent {
	ev := errNone
	ast.Inspect(n, func(x ast.Node) bool {
		id, ok := x.(*ast.Ident)
		if !ok || ev == errRecorded {
			return ev != errRecorded
		}
		switch obj := f.info.ObjectOf(id); {
		case obj == nil:
		case obj == t.span:
			if f.recordsError(id) {
				ev = errRecorded // also in a closure: a deferred recorder covers what follows
				break
			}
			if f.inClosure(id) {
				break // a closure that only ends or annotates the span records nothing
			}
			switch f.classifySpanRef(id) {
			case refHandoff:
				ev = errRecorded // whoever receives it may record the error
			case refEnd:
				if !f.inDefer(id) {
					ev = errDone
				}
			case refAssign:
				ev = errDone
			}
		case t.ctx != nil && obj == t.ctx:
			if f.ctxEscapes(id) {
				ev = errRecorded
			}
		}
		return true
	})
	return ev
}

// errorResults returns the indices of f's results of type error.
func (f *funcInfo) errorResults() []int {
	if f.sig == nil {
		return nil
	}
	errType := types.Universe.Lookup("error").Type()
	var indices []int
	for i := range f.sig.Results().Len() {
		if types.Identical(f.sig.Results().At(i).Type(), errType) {
			indices = append(indices, i)
		}
	}
	return indices
}

// returnsError reports whether ret explicitly returns, in one of the error
// results, an expression other than nil. Bare returns and "return f()" of
// a whole tuple are not judged.
func (f *funcInfo) returnsError(ret *ast.ReturnStmt, errResults []int) bool {
	if f.sig == nil || len(ret.Results) != f.sig.Results().Len() {
		return false
	}
	for _, i := range errResults {
		if tv, ok := f.info.Types[ret.Results[i]]; ok && !tv.IsNil() {
			return true
		}
	}
	return false
}
