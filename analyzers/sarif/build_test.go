package sarif_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
	"github.com/ctxtrace/ctxtrace/analyzers/sarif/sariftest"
)

const schemaPath = "testdata/sarif-schema-2.1.0.json"

// files is an in-memory source tree under root, /src/mod.
type files map[string]string

func (f files) read(name string) ([]byte, error) {
	s, ok := f[name]
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return []byte(s), nil
}

const root = "/src/mod"

var (
	mainGo = filepath.Join(root, "main.go")
	// A name with a space and a non-ASCII rune must stay one valid URI
	// reference.
	oddGo = filepath.Join(root, "sub dir", "naïve.go")
	// A file outside the root, as in the module cache.
	depGo = "/cache/dep@v1/dep.go"
)

var sources = files{
	mainGo: "package main\n\nfunc main() {\n\t_ = \"héllo🙂\"; go work(context.Background())\n}\n",
	oddGo:  "package sub\n\nvar x = 1\n",
	depGo:  "package dep\n",
}

// offset returns the byte offset of the first occurrence of sub in the
// named file, failing the test when there is none.
func offset(t *testing.T, name, sub string) int {
	t.Helper()
	i := strings.Index(sources[name], sub)
	if i < 0 {
		t.Fatalf("%q not in %s", sub, name)
	}
	return i
}

func sampleInput(t *testing.T) sarif.Input {
	bg := offset(t, mainGo, "context.Background()")
	work := offset(t, mainGo, "work(")
	return sarif.Input{
		Tool: sarif.ToolInfo{Name: "ctxlint", Version: "v1.2.3", InformationURI: "https://github.com/ctxtrace/ctxtrace"},
		Rules: []sarif.Rule{
			{ID: "ctxdrop", Doc: "ctxdrop: report code that drops the caller's context\n\nA function has the caller's context when...\n\nMore details.", HelpURI: "https://pkg.go.dev/github.com/ctxtrace/ctxtrace/analyzers/ctxdrop"},
			{ID: "printf", Doc: "check consistency of Printf format strings and arguments", HelpURI: "https://pkg.go.dev/golang.org/x/tools/go/analysis/passes/printf"},
		},
		Findings: []sarif.Finding{
			{
				RuleID:  "ctxdrop",
				Message: "context.Background() drops ctx, the caller's context; pass ctx",
				Span:    sarif.Span{File: mainGo, Start: bg, End: bg + len("context.Background()")},
				Related: []sarif.Note{{Message: "work is called here", Span: sarif.Span{File: mainGo, Start: work, End: work + 4}}},
				Fixes: []sarif.SuggestedFix{{
					Message: "Pass ctx",
					Edits: []sarif.Edit{
						{Span: sarif.Span{File: mainGo, Start: bg, End: bg + len("context.Background()")}, NewText: "ctx"},
						// An insertion, and an edit to a second file.
						{Span: sarif.Span{File: mainGo, Start: work, End: work}, NewText: "//x\n"},
						{Span: sarif.Span{File: oddGo, Start: 0, End: len("package")}, NewText: "package"},
					},
				}},
			},
			{
				RuleID: "printf", Message: "point diagnostic",
				Span: sarif.Span{File: oddGo, Start: offset(t, oddGo, "x ="), End: offset(t, oddGo, "x =")},
				// A fix without edits has nothing to say in SARIF, where
				// artifactChanges may not be empty.
				Fixes: []sarif.SuggestedFix{{Message: "nothing to do"}},
			},
			{RuleID: "printf", Message: "outside the module", Span: sarif.Span{File: depGo, Start: 0, End: 7}},
		},
		Notifications: []string{"bad/bad.go:3:13: cannot use \"x\" (untyped string constant) as int value"},
		Failed:        true,
		Root:          root,
		ReadFile:      sources.read,
	}
}

func encode(t *testing.T, in sarif.Input) []byte {
	t.Helper()
	log, err := sarif.Build(in)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	var buf bytes.Buffer
	if err := log.Write(&buf); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func TestLogsAreSchemaValid(t *testing.T) {
	empty := sampleInput(t)
	empty.Findings, empty.Notifications, empty.Failed = nil, nil, false
	for name, in := range map[string]sarif.Input{"findings": sampleInput(t), "empty": empty} {
		t.Run(name, func(t *testing.T) {
			data := encode(t, in)
			if err := sariftest.Validate(schemaPath, data); err != nil {
				t.Fatalf("%v\n%s", err, data)
			}
		})
	}
}

// TestSchemaCatchesMistakes guards the validation itself: logs broken in
// ways a careless encoder might break them must be rejected.
func TestSchemaCatchesMistakes(t *testing.T) {
	breakers := map[string]func(m map[string]any){
		"no version":    func(m map[string]any) { delete(m, "version") },
		"unknown level": func(m map[string]any) { result(m)["level"] = "severe" },
		"fix without changes": func(m map[string]any) {
			result(m)["fixes"].([]any)[0].(map[string]any)["artifactChanges"] = []any{}
		},
		"unknown property": func(m map[string]any) { result(m)["severity"] = "high" },
		"line zero": func(m map[string]any) {
			loc := result(m)["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["region"].(map[string]any)["startLine"] = 0
		},
	}
	for name, breakLog := range breakers {
		t.Run(name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal(encode(t, sampleInput(t)), &m); err != nil {
				t.Fatal(err)
			}
			breakLog(m)
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			if err := sariftest.Validate(schemaPath, data); err == nil {
				t.Fatalf("a log with %s passed validation", name)
			}
		})
	}
}

// result returns the decoded result that has fixes.
func result(m map[string]any) map[string]any {
	for _, r := range m["runs"].([]any)[0].(map[string]any)["results"].([]any) {
		if r := r.(map[string]any); r["fixes"] != nil {
			return r
		}
	}
	panic("no result with fixes")
}

func build(t *testing.T, in sarif.Input) sarif.Run {
	t.Helper()
	log, err := sarif.Build(in)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	return log.Runs[0]
}

func findResult(t *testing.T, run sarif.Run, message string) sarif.Result {
	t.Helper()
	for _, r := range run.Results {
		if r.Message.Text == message {
			return r
		}
	}
	t.Fatalf("no result %q among %d", message, len(run.Results))
	return sarif.Result{}
}

// utf16Col is the 1-based UTF-16 column of byte offset off in s,
// computed independently of the package, from the line's runes.
func utf16Col(s string, off int) int {
	lineStart := strings.LastIndexByte(s[:off], '\n') + 1
	return 1 + len(utf16.Encode([]rune(s[lineStart:off])))
}

func TestRegionsCountLinesAndUTF16Columns(t *testing.T) {
	run := build(t, sampleInput(t))
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind %q, want utf16CodeUnits", run.ColumnKind)
	}
	r := findResult(t, run, "context.Background() drops ctx, the caller's context; pass ctx")
	src := sources[mainGo]
	bg := offset(t, mainGo, "context.Background()")
	end := bg + len("context.Background()")
	want := sarif.Region{
		StartLine:   strings.Count(src[:bg], "\n") + 1,
		StartColumn: utf16Col(src, bg),
		EndLine:     strings.Count(src[:end], "\n") + 1,
		EndColumn:   utf16Col(src, end),
	}
	if got := r.Locations[0].PhysicalLocation.Region; got != want {
		t.Errorf("region %+v, want %+v", got, want)
	}
	// The line holds "é" and "🙂" before the call: the UTF-16 column must
	// differ from the byte column, or this test proves nothing.
	if byteCol := bg - strings.LastIndexByte(src[:bg], '\n'); byteCol == want.StartColumn {
		t.Fatalf("test source has no multi-byte runes before the finding")
	}

	point := findResult(t, run, "point diagnostic").Locations[0].PhysicalLocation.Region
	if point.EndLine != 0 || point.EndColumn != 0 {
		t.Errorf("point diagnostic region %+v has an end; want it to default to the line's end", point)
	}
}

func TestURIsAreRelativeToTheRoot(t *testing.T) {
	run := build(t, sampleInput(t))
	want := map[string]sarif.ArtifactLocation{
		"context.Background() drops ctx, the caller's context; pass ctx": {URI: "main.go", URIBaseID: "%SRCROOT%"},
		"point diagnostic":   {URI: "sub%20dir/na%C3%AFve.go", URIBaseID: "%SRCROOT%"},
		"outside the module": {URI: "file:///cache/dep@v1/dep.go"},
	}
	for msg, loc := range want {
		if got := findResult(t, run, msg).Locations[0].PhysicalLocation.ArtifactLocation; got != loc {
			t.Errorf("%s: artifact location %+v, want %+v", msg, got, loc)
		}
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///src/mod/" {
		t.Errorf("%%SRCROOT%% is %q, want file:///src/mod/", got)
	}
}

func TestFixesBecomeReplacements(t *testing.T) {
	in := sampleInput(t)
	run := build(t, in)
	r := findResult(t, run, in.Findings[0].Message)
	if len(r.Fixes) != 1 {
		t.Fatalf("%d fixes, want 1", len(r.Fixes))
	}
	fix := r.Fixes[0]
	if fix.Description == nil || fix.Description.Text != "Pass ctx" {
		t.Errorf("fix description %+v, want Pass ctx", fix.Description)
	}
	if len(fix.ArtifactChanges) != 2 {
		t.Fatalf("%d artifact changes, want one per file (2)", len(fix.ArtifactChanges))
	}
	main := fix.ArtifactChanges[0]
	if main.ArtifactLocation.URI != "main.go" || len(main.Replacements) != 2 {
		t.Fatalf("first change %+v, want main.go with 2 replacements", main)
	}
	// Replacements come in file order; applied from the last to the first
	// by their byte ranges, they must give the same text as the input
	// edits.
	src := sources[mainGo]
	got := src
	for i := len(main.Replacements) - 1; i >= 0; i-- {
		rep := main.Replacements[i]
		start, length := *rep.DeletedRegion.ByteOffset, *rep.DeletedRegion.ByteLength
		got = got[:start] + rep.InsertedContent.Text + got[start+length:]
	}
	bg := offset(t, mainGo, "context.Background()")
	work := offset(t, mainGo, "work(")
	want := src[:work] + "//x\n" + src[work:bg] + "ctx" + src[bg+len("context.Background()"):]
	if got != want {
		t.Errorf("applying the replacements gives\n%s\nwant\n%s", got, want)
	}
	insertion := main.Replacements[0].DeletedRegion
	if *insertion.ByteLength != 0 {
		t.Fatalf("first replacement %+v is not the insertion, which comes first in the file", insertion)
	}
	if insertion.EndLine != insertion.StartLine || insertion.EndColumn != insertion.StartColumn {
		t.Errorf("insertion's deletedRegion %+v is not empty", insertion)
	}
}

func TestRulesComeFromDocs(t *testing.T) {
	in := sampleInput(t)
	run := build(t, in)
	rules := run.Tool.Driver.Rules
	if len(rules) != len(in.Rules) {
		t.Fatalf("%d rules, want %d", len(rules), len(in.Rules))
	}
	ctxdrop := rules[0]
	if ctxdrop.ID != "ctxdrop" || ctxdrop.ShortDescription.Text != "report code that drops the caller's context" {
		t.Errorf("ctxdrop rule %q: short description %q", ctxdrop.ID, ctxdrop.ShortDescription.Text)
	}
	if !strings.HasPrefix(ctxdrop.FullDescription.Text, "A function has the caller's context") {
		t.Errorf("full description %q does not start after the title", ctxdrop.FullDescription.Text)
	}
	if ctxdrop.Help.Text != strings.TrimSpace(in.Rules[0].Doc) || ctxdrop.HelpURI != in.Rules[0].HelpURI {
		t.Errorf("help %q <%s>, want the whole Doc and the rule's URI", ctxdrop.Help.Text, ctxdrop.HelpURI)
	}
	printf := rules[1]
	if printf.FullDescription.Text != printf.ShortDescription.Text {
		t.Errorf("a one-paragraph Doc should serve as both descriptions, got %q and %q", printf.ShortDescription.Text, printf.FullDescription.Text)
	}
	for _, r := range run.Results {
		if rules[r.RuleIndex].ID != r.RuleID || r.Level != "warning" {
			t.Errorf("result %q: ruleIndex %d (%s), level %q", r.RuleID, r.RuleIndex, rules[r.RuleIndex].ID, r.Level)
		}
	}
}

func TestResultsAreOrderedByPosition(t *testing.T) {
	in := sampleInput(t)
	reversed := in
	reversed.Findings = nil
	for i := len(in.Findings) - 1; i >= 0; i-- {
		reversed.Findings = append(reversed.Findings, in.Findings[i])
	}
	if a, b := encode(t, in), encode(t, reversed); !bytes.Equal(a, b) {
		t.Errorf("the order of findings changes the log")
	}
}

func TestInvocationReportsFailures(t *testing.T) {
	run := build(t, sampleInput(t))
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || inv.ToolExecutionNotifications[0].Level != "error" {
		t.Errorf("invocation %+v, want unsuccessful with one error notification", inv)
	}
	in := sampleInput(t)
	in.Failed, in.Notifications = false, nil
	if inv := build(t, in).Invocations[0]; !inv.ExecutionSuccessful || inv.ToolExecutionNotifications != nil {
		t.Errorf("invocation %+v, want successful without notifications", inv)
	}
}

func TestBuildRejectsBadInput(t *testing.T) {
	cases := map[string]func(in *sarif.Input){
		"span past the end of the file": func(in *sarif.Input) { in.Findings[1].Span.End = len(sources[oddGo]) + 1 },
		"unknown rule":                  func(in *sarif.Input) { in.Findings[0].RuleID = "nosuch" },
		"unreadable file":               func(in *sarif.Input) { in.Findings[0].Span.File = "/src/mod/gone.go" },
		"duplicate rule":                func(in *sarif.Input) { in.Rules = append(in.Rules, in.Rules[0]) },
		"end before start":              func(in *sarif.Input) { in.Findings[0].Fixes[0].Edits[0].Span.End = 0 },
	}
	for name, spoil := range cases {
		t.Run(name, func(t *testing.T) {
			in := sampleInput(t)
			spoil(&in)
			if _, err := sarif.Build(in); err == nil {
				t.Fatal("Build succeeded")
			} else if !strings.HasPrefix(err.Error(), "sarif: ") {
				t.Errorf("error %q lacks the package's prefix", err)
			}
		})
	}
}

func Example() {
	const file = "/m/a.go"
	src := "package a\n\nvar _ = fmt.Sprintf(\"%d\", \"x\")\n"
	arg := strings.Index(src, `"x"`)
	log, err := sarif.Build(sarif.Input{
		Tool:     sarif.ToolInfo{Name: "ctxlint"},
		Rules:    []sarif.Rule{{ID: "printf", Doc: "check consistency of Printf format strings and arguments"}},
		Findings: []sarif.Finding{{RuleID: "printf", Message: "wrong type", Span: sarif.Span{File: file, Start: arg, End: arg + 3}}},
		Root:     "/m",
		ReadFile: func(string) ([]byte, error) { return []byte(src), nil },
	})
	if err != nil {
		panic(err)
	}
	r := log.Runs[0].Results[0]
	loc := r.Locations[0].PhysicalLocation
	fmt.Println(r.RuleID, loc.ArtifactLocation.URIBaseID, loc.ArtifactLocation.URI, loc.Region.StartLine, loc.Region.StartColumn, loc.Region.EndColumn)
	// Output: printf %SRCROOT% a.go 3 27 30
}
