package rewrite

import (
	"go/token"

	"github.com/dave/dst"
)

// insertEnds ends an item's span on every way out of a loop body or
// select case: before each return, goto, break or continue that leaves
// it, and after its last statement unless control cannot get there.
func insertEnds(list []dst.Stmt, end func() dst.Stmt) []dst.Stmt {
	labels := make(map[string]bool)
	dst.Inspect(&dst.BlockStmt{List: list}, func(n dst.Node) bool {
		if l, ok := n.(*dst.LabeledStmt); ok {
			labels[l.Label.Name] = true
		}
		_, lit := n.(*dst.FuncLit)
		return !lit
	})
	e := &ender{labels: labels, end: end}
	list = e.list(list, 0, 0)
	if len(list) == 0 || !terminates(list[len(list)-1]) {
		list = append(list, end())
	}
	return list
}

type ender struct {
	labels map[string]bool
	end    func() dst.Stmt
}

// list inserts ends into one statement list; breaks and loops count the
// breakable statements and loops between it and the body.
func (e *ender) list(list []dst.Stmt, breaks, loops int) []dst.Stmt {
	var out []dst.Stmt
	for _, stmt := range list {
		if e.leaves(stmt, breaks, loops) {
			out = append(out, e.end())
		}
		e.stmt(stmt, breaks, loops)
		out = append(out, stmt)
	}
	return out
}

func (e *ender) leaves(stmt dst.Stmt, breaks, loops int) bool {
	switch s := stmt.(type) {
	case *dst.ReturnStmt:
		return true
	case *dst.LabeledStmt:
		return e.leaves(s.Stmt, breaks, loops)
	case *dst.BranchStmt:
		if s.Label != nil {
			return s.Tok != token.FALLTHROUGH && !e.labels[s.Label.Name]
		}
		switch s.Tok {
		case token.BREAK:
			return breaks == 0
		case token.CONTINUE:
			return loops == 0
		}
	}
	return false
}

func (e *ender) stmt(stmt dst.Stmt, breaks, loops int) {
	switch s := stmt.(type) {
	case *dst.BlockStmt:
		s.List = e.list(s.List, breaks, loops)
	case *dst.LabeledStmt:
		e.stmt(s.Stmt, breaks, loops)
	case *dst.IfStmt:
		s.Body.List = e.list(s.Body.List, breaks, loops)
		if s.Else != nil {
			e.stmt(s.Else, breaks, loops)
		}
	case *dst.ForStmt:
		s.Body.List = e.list(s.Body.List, breaks+1, loops+1)
	case *dst.RangeStmt:
		s.Body.List = e.list(s.Body.List, breaks+1, loops+1)
	case *dst.SwitchStmt:
		for _, c := range s.Body.List {
			cc := c.(*dst.CaseClause)
			cc.Body = e.list(cc.Body, breaks+1, loops)
		}
	case *dst.TypeSwitchStmt:
		for _, c := range s.Body.List {
			cc := c.(*dst.CaseClause)
			cc.Body = e.list(cc.Body, breaks+1, loops)
		}
	case *dst.SelectStmt:
		for _, c := range s.Body.List {
			cc := c.(*dst.CommClause)
			cc.Body = e.list(cc.Body, breaks+1, loops)
		}
	}
}

// terminates reports whether control cannot flow past stmt, close enough
// to the spec's terminating statements that no end is placed where vet
// would call it unreachable.
func terminates(stmt dst.Stmt) bool {
	switch s := stmt.(type) {
	case *dst.ReturnStmt:
		return true
	case *dst.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.BREAK || s.Tok == token.CONTINUE
	case *dst.LabeledStmt:
		return terminates(s.Stmt)
	case *dst.BlockStmt:
		return len(s.List) > 0 && terminates(s.List[len(s.List)-1])
	case *dst.ExprStmt:
		call, ok := s.X.(*dst.CallExpr)
		if !ok {
			return false
		}
		id, ok := call.Fun.(*dst.Ident)
		return ok && id.Name == "panic" && id.Path == ""
	case *dst.IfStmt:
		return s.Else != nil && terminates(s.Body) && terminates(s.Else)
	case *dst.ForStmt:
		return s.Cond == nil && !hasBreak(s.Body)
	case *dst.SwitchStmt:
		return clausesTerminate(s.Body.List)
	case *dst.TypeSwitchStmt:
		return clausesTerminate(s.Body.List)
	case *dst.SelectStmt:
		return clausesTerminate(s.Body.List)
	}
	return false
}

func clausesTerminate(clauses []dst.Stmt) bool {
	hasDefault := false
	for _, c := range clauses {
		var body []dst.Stmt
		switch cc := c.(type) {
		case *dst.CaseClause:
			body, hasDefault = cc.Body, hasDefault || cc.List == nil
		case *dst.CommClause:
			body, hasDefault = cc.Body, true
		}
		if len(body) == 0 || !terminates(body[len(body)-1]) || hasBreak(&dst.BlockStmt{List: body}) {
			return false
		}
	}
	return hasDefault
}

// hasBreak reports whether an unlabeled break in n leaves n.
func hasBreak(n dst.Node) bool {
	found := false
	var walk func(n dst.Node, depth int)
	walk = func(n dst.Node, depth int) {
		dst.Inspect(n, func(c dst.Node) bool {
			if c == n {
				return true
			}
			switch c := c.(type) {
			case *dst.FuncLit:
				return false
			case *dst.ForStmt, *dst.RangeStmt, *dst.SwitchStmt, *dst.TypeSwitchStmt, *dst.SelectStmt:
				walk(c, depth+1)
				return false
			case *dst.BranchStmt:
				if c.Tok == token.BREAK && c.Label == nil && depth == 0 {
					found = true
				}
			}
			return !found
		})
	}
	walk(n, 0)
	return found
}
