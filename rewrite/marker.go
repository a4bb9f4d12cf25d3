package rewrite

import (
	"slices"
	"strings"

	"github.com/dave/dst"
)

// marker ends every line otelgen injects. It is a directive comment, so
// gofmt and go doc leave it alone, humans see what was generated, and
// strip mode finds exactly what to remove.
const marker = "//otelgen:gen"

// Words after the marker record what an injection changed besides adding
// the marked statement, so that strip can undo it exactly.
const (
	wordNamedParams  = "named-params"  // the parameters were all unnamed
	wordNamedCtx     = "named-ctx"     // the context parameter was _
	wordNamedResults = "named-results" // the results were all unnamed
	wordGoParam      = "go-param"      // a ctx parameter and argument were added to a go literal
	wordGoCall       = "go-call"       // a go statement's call was wrapped in a literal
	wordRangeVar     = "range-var"     // a range loop without variables got one
	wordRecvVar      = "recv-var"      // a select case's variable was renamed; this statement restores it
	wordCtxField     = "ctx-field"     // the sent composite literal's last element was added
	wordOneLine      = "one-line"      // the function body was written on one line
)

// markerWords returns the words of the marker among decs, and whether
// there is one.
func markerWords(decs dst.Decorations) ([]string, bool) {
	for _, d := range decs {
		if d == marker {
			return nil, true
		}
		if rest, ok := strings.CutPrefix(d, marker+" "); ok {
			return strings.Fields(rest), true
		}
	}
	return nil, false
}

// mark appends the marker with words to n's end decorations.
func mark(n dst.Node, words ...string) {
	n.Decorations().End.Append(strings.TrimSpace(marker + " " + strings.Join(words, " ")))
}

// isMarked reports whether n carries the marker, and its words.
func isMarked(n dst.Node) ([]string, bool) {
	return markerWords(n.Decorations().End)
}

// dropMarker removes the marker from decs, keeping other comments.
func dropMarker(decs *dst.Decorations) {
	*decs = slices.DeleteFunc(*decs, func(d string) bool {
		return d == marker || strings.HasPrefix(d, marker+" ")
	})
}
