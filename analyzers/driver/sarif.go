package driver

import (
	"cmp"
	"go/token"
	"os"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
)

// sarifInput describes a run for the sarif package: the analyzers that
// ran as rules, the findings with their fixes as byte ranges of the files
// as analyzed, and the problems met on the way.
func (r *run) sarifInput(analyzers []*analysis.Analyzer, findings []finding, root string, problems []string, failed bool) sarif.Input {
	in := sarif.Input{
		Tool:          sarif.ToolInfo{Name: r.Name, Version: cmp.Or(r.Version, moduleVersion()), InformationURI: r.InformationURI},
		Notifications: problems,
		Failed:        failed,
		Root:          root,
		ReadFile:      os.ReadFile,
	}
	for _, a := range analyzers {
		in.Rules = append(in.Rules, sarif.Rule{ID: a.Name, Doc: a.Doc, HelpURI: helpURI(a)})
	}
	for _, f := range findings {
		sf := sarif.Finding{
			RuleID:  f.analyzer.Name,
			Message: f.diag.Message,
			Span:    span(f.fset, f.diag.Pos, f.diag.End),
		}
		for _, rel := range f.diag.Related {
			sf.Related = append(sf.Related, sarif.Note{Message: rel.Message, Span: span(f.fset, rel.Pos, rel.End)})
		}
		for _, fix := range f.diag.SuggestedFixes {
			out := sarif.SuggestedFix{Message: fix.Message}
			for _, e := range fix.TextEdits {
				out.Edits = append(out.Edits, sarif.Edit{Span: span(f.fset, e.Pos, e.End), NewText: string(e.NewText)})
			}
			sf.Fixes = append(sf.Fixes, out)
		}
		in.Findings = append(in.Findings, sf)
	}
	return in
}

// span returns the byte range of [pos, end) in the file that holds it.
// Unlike the text output it ignores //line directives: SARIF locations
// and fixes must address the file that exists, whose bytes were analyzed.
func span(fset *token.FileSet, pos, end token.Pos) sarif.Span {
	tf := fset.File(pos)
	if tf == nil {
		return sarif.Span{}
	}
	start := tf.Offset(pos)
	stop := start
	if end.IsValid() && fset.File(end) == tf {
		stop = tf.Offset(end)
	}
	return sarif.Span{File: tf.Name(), Start: start, End: stop}
}

// helpURI returns the pkg.go.dev page of the package that defines a's
// Run function, which is the analyzer's package and documents it.
// An analyzer whose Run comes from elsewhere falls back to its URL.
func helpURI(a *analysis.Analyzer) string {
	if fn := runtime.FuncForPC(reflect.ValueOf(a.Run).Pointer()); fn != nil {
		if path := funcPackage(fn.Name()); path != "" && path != "main" {
			return "https://pkg.go.dev/" + path
		}
	}
	return a.URL
}

// funcPackage returns the import path in a function's symbol name such
// as "golang.org/x/tools/go/analysis/passes/printf.run" or
// "example.com/a.(*T).run".
func funcPackage(symbol string) string {
	slash := strings.LastIndexByte(symbol, '/')
	dot := strings.IndexByte(symbol[slash+1:], '.')
	if dot < 0 {
		return ""
	}
	return symbol[:slash+1+dot]
}

// moduleVersion returns the version of the module the running binary
// was built from, or "" for a development build.
func moduleVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "(devel)" {
		return ""
	}
	return info.Main.Version
}
