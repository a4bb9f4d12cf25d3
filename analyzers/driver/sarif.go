package driver

import (
	"bytes"
	"cmp"
	"go/token"
	"os"
	"reflect"
	"runtime"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
	"github.com/ctxtrace/ctxtrace/internal/version"
)

// sarifInput describes a run for the sarif package: the analyzers that
// ran as rules, the findings with their fixes as byte ranges of the files
// as analyzed, and the problems met on the way.
func (r *run) sarifInput(analyzers []*analysis.Analyzer, findings []finding, root string, problems []string, failed bool) sarif.Input {
	in := sarif.Input{
		Tool:          sarif.ToolInfo{Name: r.Name, Version: cmp.Or(r.Version, version.Module()), InformationURI: r.InformationURI},
		Notifications: problems,
		Failed:        failed,
		Root:          root,
		ReadFile:      os.ReadFile,
	}
	for _, a := range analyzers {
		in.Rules = append(in.Rules, sarif.Rule{ID: a.Name, Doc: a.Doc, HelpURI: helpURI(a)})
	}
	files := make(map[string][]byte)
	for _, f := range findings {
		sf := sarif.Finding{
			RuleID:  f.analyzer,
			Message: f.diag.Message,
			Span:    span(files, f.pos, f.end),
		}
		for _, rel := range f.diag.Related {
			pos := parsePosition(rel.Posn)
			sf.Related = append(sf.Related, sarif.Note{Message: rel.Message, Span: span(files, pos, parsePosition(cmp.Or(rel.End, rel.Posn)))})
		}
		for _, fix := range f.diag.SuggestedFixes {
			out := sarif.SuggestedFix{Message: fix.Message}
			for _, e := range fix.Edits {
				out.Edits = append(out.Edits, sarif.Edit{Span: sarif.Span{File: e.Filename, Start: e.Start, End: e.End}, NewText: e.New})
			}
			sf.Fixes = append(sf.Fixes, out)
		}
		in.Findings = append(in.Findings, sf)
	}
	return in
}

// span returns the byte range from pos to end, positions in one file,
// as offsets into that file's content (read once into files). A
// position past the file, or in a file that cannot be read, gives an
// empty range at its start.
func span(files map[string][]byte, pos, end token.Position) sarif.Span {
	content, ok := files[pos.Filename]
	if !ok {
		content, _ = os.ReadFile(pos.Filename)
		files[pos.Filename] = content
	}
	start := offset(content, pos)
	stop := start
	if end.Filename == pos.Filename {
		stop = max(start, offset(content, end))
	}
	return sarif.Span{File: pos.Filename, Start: start, End: stop}
}

// offset turns a line and byte column into an offset into content.
func offset(content []byte, pos token.Position) int {
	off := 0
	for line := 1; line < pos.Line; line++ {
		i := bytes.IndexByte(content[off:], '\n')
		if i < 0 {
			return 0
		}
		off += i + 1
	}
	return min(off+max(pos.Column-1, 0), len(content))
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
