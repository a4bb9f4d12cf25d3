package driver_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/ctxtrace/ctxtrace/analyzers"
	"github.com/ctxtrace/ctxtrace/analyzers/driver"
	"github.com/ctxtrace/ctxtrace/analyzers/sarif"
	"github.com/ctxtrace/ctxtrace/analyzers/sarif/sariftest"
)

// schemaPath is the official SARIF 2.1.0 schema, from this test's
// directory.
var schemaPath = filepath.Join("..", "..", filepath.FromSlash(sariftest.SchemaFile))

// module copies testdata/src/app, a module with findings of four
// analyzers (three with fixes), a clean package and one that does not
// type-check, into a fresh directory, so that -fix can write to it.
func module(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "src", "app"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

type result struct {
	code           int
	stdout, stderr string
}

// ours selects ctxtrace's analyzers only. They need no facts, so the
// dependencies load from export data: a run takes a fraction of a second
// instead of the seconds that type-checking them from source for vet's
// printf takes. The command's scripts cover the default suite.
var ours = []string{"-ctxdrop", "-spanend", "-recordrace"}

// ctxlint runs a driver with ctxlint's analyzers in dir. The go command
// works offline from the module cache, outside any workspace.
func ctxlint(t *testing.T, dir string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	d := &driver.Driver{
		Name:           "ctxlint",
		Usage:          "usage: ctxlint [-flag] [packages]\n",
		Analyzers:      analyzers.All(),
		Featured:       analyzers.Ours(),
		InformationURI: "https://github.com/ctxtrace/ctxtrace",
		VetTool:        vetTool,
		Dir:            dir,
		Env:            append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local"),
		Stdout:         &stdout,
		Stderr:         &stderr,
	}
	code := d.Main(args)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// diagLine matches a diagnostic in the text output.
var diagLine = regexp.MustCompile(`^(\S+?):(\d+):(\d+): (.*)$`)

type textDiag struct {
	file      string
	line, col int
	message   string
}

func parseText(t *testing.T, out string) []textDiag {
	t.Helper()
	var diags []textDiag
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		m := diagLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a diagnostic line: %q", line)
		}
		l, _ := strconv.Atoi(m[2])
		c, _ := strconv.Atoi(m[3])
		diags = append(diags, textDiag{m[1], l, c, m[4]})
	}
	return diags
}

func TestTextOutputIsRelativeAndOnce(t *testing.T) {
	dir := module(t)
	r := ctxlint(t, dir, append(ours, ".")...)
	r.want(t, 3)
	if r.stdout != "" {
		t.Errorf("text mode wrote to stdout:\n%s", r.stdout)
	}
	diags := parseText(t, r.stderr)
	seen := make(map[textDiag]bool)
	analyzersSeen := make(map[string]bool)
	for _, d := range diags {
		if d.file != "main.go" {
			t.Errorf("file %q, want main.go relative to the working directory", d.file)
		}
		// main.go is analyzed in the package and in its test variant;
		// each finding must still be printed once.
		if seen[d] {
			t.Errorf("printed twice: %+v", d)
		}
		seen[d] = true
		for _, key := range []string{"drops ctx", "not ended", "written by the goroutine"} {
			if strings.Contains(d.message, key) {
				analyzersSeen[key] = true
			}
		}
	}
	if len(analyzersSeen) != 3 {
		t.Errorf("findings of ctxdrop, spanend and recordrace expected, saw %v in\n%s", analyzersSeen, r.stderr)
	}
	if !slices.IsSortedFunc(diags, func(a, b textDiag) int {
		if a.line != b.line {
			return a.line - b.line
		}
		return a.col - b.col
	}) {
		t.Errorf("findings are not in source order:\n%s", r.stderr)
	}

	// From a subdirectory, paths lead back up, as go vet prints them.
	sub := ctxlint(t, filepath.Join(dir, "clean"), append(ours, "..")...)
	sub.want(t, 3)
	for _, d := range parseText(t, sub.stderr) {
		if d.file != filepath.Join("..", "main.go") {
			t.Errorf("file %q, want ../main.go", d.file)
		}
	}
}

func TestExitStatuses(t *testing.T) {
	dir := module(t)
	ctxlint(t, dir, append(ours, "./clean")...).want(t, 0)
	ctxlint(t, dir, "-recordrace", ".").want(t, 3)
	ctxlint(t, dir, append(ours, "-json", ".")...).want(t, 0)
	ctxlint(t, dir, append(ours, "-format=sarif", ".")...).want(t, 0)
	ctxlint(t, dir, append(ours, "-sarif", ".")...).want(t, 0)
	ctxlint(t, dir, append(ours, "./nosuchdir")...).want(t, 1)
	for _, args := range [][]string{
		{"-format=xml", "."},
		{"-json", "-sarif", "."},
		{"-json", "-format=sarif", "."},
		{"-fix", "-sarif", "."},
		{"-nosuchflag", "."},
		{},
		{"help", "nosuchanalyzer"},
	} {
		r := ctxlint(t, dir, args...)
		r.want(t, 2)
		if lines := strings.Count(r.stderr, "\n"); lines != 1 || !strings.HasPrefix(r.stderr, "ctxlint: ") {
			t.Errorf("%q: want one line starting ctxlint:, got\n%s", args, r.stderr)
		}
	}
}

// TestLoadErrorsOnce: a package that does not type-check is reported by
// its error alone, not by an "analysis skipped" line per analyzer, and
// the status is 1 even though other packages have findings.
func TestLoadErrorsOnce(t *testing.T) {
	dir := module(t)
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			r := ctxlint(t, dir, append(ours, "-format="+format, "./...")...)
			r.want(t, 1)
			const loadErr = `broken/broken.go:3:13: cannot use "x" (untyped string constant) as int value`
			if n := strings.Count(r.stderr, loadErr); n != 1 {
				t.Errorf("load error printed %d times, want once:\n%s", n, r.stderr)
			}
			if strings.Contains(r.stderr, "skipped") || strings.Contains(r.stderr, "prerequisites") || strings.Contains(r.stderr, dir) {
				t.Errorf("noise or absolute paths in\n%s", r.stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	dir := module(t)
	r := ctxlint(t, dir, "help", "spanend")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "spanend.record-error") || !strings.Contains(r.stdout, "spanend: ") {
		t.Errorf("help spanend lacks its title or flag:\n%s", r.stdout)
	}
	r = ctxlint(t, dir, "help")
	r.want(t, 0)
	for _, a := range analyzers.All() {
		if !strings.Contains(r.stdout, "    "+a.Name+" ") {
			t.Errorf("help does not list %s", a.Name)
		}
	}
	r = ctxlint(t, dir, "-h")
	r.want(t, 0)
	for _, flag := range []string{"-format", "-json", "-fix", "-diff", "-version", "-ctxdrop.tests"} {
		if !strings.Contains(r.stderr, "  "+flag) {
			t.Errorf("-h does not list %s", flag)
		}
	}
}

// TestJSONShape: -json prints multichecker's tree: package ID, then
// analyzer, then its diagnostics, with absolute positions.
func TestJSONShape(t *testing.T) {
	dir := module(t)
	r := ctxlint(t, dir, "-json", "-ctxdrop", "-recordrace", ".")
	r.want(t, 0)
	var tree map[string]map[string][]struct {
		Posn           string `json:"posn"`
		End            string `json:"end"`
		Message        string `json:"message"`
		SuggestedFixes []struct {
			Message string `json:"message"`
			Edits   []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	pkg := tree["example.com/app"]
	if len(pkg["ctxdrop"]) != 2 || len(pkg["recordrace"]) != 1 || pkg["spanend"] != nil {
		t.Fatalf("want 2 ctxdrop and 1 recordrace diagnostics only, got %+v", pkg)
	}
	d := pkg["ctxdrop"][0]
	if !strings.HasPrefix(d.Posn, filepath.Join(dir, "main.go")+":") || len(d.SuggestedFixes) != 1 || d.SuggestedFixes[0].Edits[0].Filename != filepath.Join(dir, "main.go") {
		t.Errorf("diagnostic %+v lacks an absolute position or its fix", d)
	}
}

// TestFixApplies: -fix rewrites the files so that the fixed analyzers
// find nothing more, and -diff shows the same change without writing.
func TestFixApplies(t *testing.T) {
	dir := module(t)
	mainGo := filepath.Join(dir, "main.go")
	before, _ := os.ReadFile(mainGo)

	diff := ctxlint(t, dir, "-ctxdrop", "-spanend", "-fix", "-diff", ".")
	diff.want(t, 0)
	if after, _ := os.ReadFile(mainGo); !bytes.Equal(before, after) {
		t.Fatalf("-diff changed main.go")
	}
	for _, line := range []string{"--- main.go.orig", "+++ main.go", "+\tdefer span.End()", "+\tctx, span := tracer.Start(ctx, \"run\")"} {
		if !strings.Contains(diff.stdout, line+"\n") {
			t.Errorf("-diff output lacks %q:\n%s", line, diff.stdout)
		}
	}

	ctxlint(t, dir, "-ctxdrop", "-spanend", "-fix", ".").want(t, 0)
	after, _ := os.ReadFile(mainGo)
	if bytes.Equal(before, after) {
		t.Fatal("-fix changed nothing")
	}
	if !strings.Contains(string(after), "exec.CommandContext(ctx, name)") {
		t.Errorf("the twin fix is missing:\n%s", after)
	}
	again := ctxlint(t, dir, "-ctxdrop", "-spanend", ".")
	again.want(t, 0)
}

// TestSARIF checks a real run's log against the official schema, and
// against the text output and -fix of the same run: the same findings
// at the same lines, and fixes that, applied by their byte ranges, give
// what -fix writes.
func TestSARIF(t *testing.T) {
	dir := module(t)
	r := ctxlint(t, dir, append(ours, "-format=sarif", ".")...)
	r.want(t, 0)
	if err := sariftest.Validate(schemaPath, []byte(r.stdout)); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	var log sarif.Log
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(log.Runs))
	}
	run := log.Runs[0]
	if run.Tool.Driver.Name != "ctxlint" {
		t.Errorf("tool %q, want ctxlint", run.Tool.Driver.Name)
	}

	// Rules: every analyzer that ran, in order, documented.
	var ids []string
	for _, rule := range run.Tool.Driver.Rules {
		ids = append(ids, rule.ID)
		if rule.ShortDescription == nil || rule.Help == nil || !strings.HasPrefix(rule.HelpURI, "https://pkg.go.dev/") {
			t.Errorf("rule %s lacks a description, help or a pkg.go.dev helpUri: %+v", rule.ID, rule)
		}
	}
	if want := []string{"ctxdrop", "spanend", "recordrace"}; !slices.Equal(ids, want) {
		t.Errorf("rules %v, want the analyzers that ran %v", ids, want)
	}
	if uri := run.Tool.Driver.Rules[0].HelpURI; uri != "https://pkg.go.dev/github.com/ctxtrace/ctxtrace/analyzers/ctxdrop" {
		t.Errorf("ctxdrop's helpUri is %s", uri)
	}
	if got := run.OriginalURIBaseIDs[sarif.SrcRoot].URI; got != "file://"+filepath.ToSlash(dir)+"/" {
		t.Errorf("%%SRCROOT%% = %s, want the module root %s", got, dir)
	}

	// Results: those of the text output, at the same lines.
	text := ctxlint(t, dir, append(ours, ".")...)
	text.want(t, 3)
	src, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	lines := strings.Split(string(src), "\n")
	type key struct {
		uri     string
		line    int
		message string
	}
	var fromText, fromSARIF []key
	for _, d := range parseText(t, text.stderr) {
		fromText = append(fromText, key{d.file, d.line, d.message})
	}
	for _, res := range run.Results {
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URIBaseID != sarif.SrcRoot || res.Level != "warning" || run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %+v: want a %%SRCROOT%%-relative warning with a matching rule index", res)
		}
		fromSARIF = append(fromSARIF, key{loc.ArtifactLocation.URI, loc.Region.StartLine, res.Message.Text})
		// Columns count UTF-16 units of the line before the position.
		byteCol := 0
		for _, d := range parseText(t, text.stderr) {
			if d.line == loc.Region.StartLine && d.message == res.Message.Text {
				byteCol = d.col
			}
		}
		prefix := lines[loc.Region.StartLine-1][:byteCol-1]
		if want := 1 + len(utf16.Encode([]rune(prefix))); loc.Region.StartColumn != want {
			t.Errorf("%s: startColumn %d, want %d (UTF-16 units before byte column %d)", res.Message.Text, loc.Region.StartColumn, want, byteCol)
		}
	}
	if !slices.Equal(fromText, fromSARIF) {
		t.Errorf("SARIF results\n%v\ndiffer from the text output\n%v", fromSARIF, fromText)
	}

	// Fixes: applying every result's first fix gives what -fix writes.
	var reps []sarif.Replacement
	for _, res := range run.Results {
		if len(res.Fixes) == 0 {
			continue
		}
		for _, change := range res.Fixes[0].ArtifactChanges {
			if change.ArtifactLocation.URI != "main.go" {
				t.Fatalf("fix changes %s, want main.go", change.ArtifactLocation.URI)
			}
			reps = append(reps, change.Replacements...)
		}
	}
	if len(reps) < 3 {
		t.Fatalf("%d replacements, want the three fixes' at least", len(reps))
	}
	slices.SortFunc(reps, func(a, b sarif.Replacement) int { return *b.DeletedRegion.ByteOffset - *a.DeletedRegion.ByteOffset })
	patched := string(src)
	for _, rep := range reps {
		off, n := *rep.DeletedRegion.ByteOffset, *rep.DeletedRegion.ByteLength
		patched = patched[:off] + rep.InsertedContent.Text + patched[off+n:]
	}
	gotFixed, err := format.Source([]byte(patched))
	if err != nil {
		t.Fatalf("SARIF fixes give invalid Go: %v\n%s", err, patched)
	}
	// recordrace's finding has no fix, and remains.
	ctxlint(t, dir, append(ours, "-fix", ".")...).want(t, 3)
	wantFixed, _ := os.ReadFile(filepath.Join(dir, "main.go"))
	if !bytes.Equal(gotFixed, wantFixed) {
		t.Errorf("SARIF fixes give\n%s\n-fix gives\n%s", gotFixed, wantFixed)
	}
}

// TestSARIFReportsLoadErrors: a package that did not load leaves the run
// unsuccessful, with the error as a notification, and exit status 1.
func TestSARIFReportsLoadErrors(t *testing.T) {
	dir := module(t)
	r := ctxlint(t, dir, append(ours, "-sarif", "./...")...)
	r.want(t, 1)
	if err := sariftest.Validate(schemaPath, []byte(r.stdout)); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	var log sarif.Log
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatal(err)
	}
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.ToolExecutionNotifications) != 1 || !strings.Contains(inv.ToolExecutionNotifications[0].Message.Text, "broken.go:3:13") {
		t.Errorf("invocation %+v, want unsuccessful with the load error", inv)
	}
	if len(log.Runs[0].Results) == 0 {
		t.Error("the packages that loaded lost their results")
	}
}

// TestFlagsMatchMultichecker asks x/tools' multichecker, through go vet's
// -flags handshake, for the flags it defines, and checks that the driver
// accepts each of them, so that no script breaks. -h shows only the
// flags people use; the rest are go vet's.
func TestFlagsMatchMultichecker(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-flags")
	cmd.Env = append(os.Environ(), "DRIVER_TEST_MULTICHECKER=1")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("multichecker -flags: %v", err)
	}
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal(out, &flags); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(flags) < 20 {
		t.Fatalf("multichecker listed only %d flags", len(flags))
	}
	dir := t.TempDir()
	// -debug and -cpuprofile and the like are left out of -flags for go
	// vet, but standalone multichecker has them.
	for _, name := range []string{"debug", "cpuprofile", "memprofile", "trace", "fix"} {
		flags = append(flags, struct {
			Name string
			Bool bool
		}{name, name == "fix"})
	}
	for _, f := range flags {
		if strings.HasPrefix(f.Name, "test.") || f.Name == "flags" {
			continue // the test binary's own flags; the handshake
		}
		value := "1"
		switch {
		case f.Bool:
			value = "true"
		case f.Name == "debug":
			value = "v"
		}
		r := ctxlint(t, dir, "-"+f.Name+"="+value, "help")
		if strings.Contains(r.stderr, "not defined") || strings.Contains(r.stderr, "invalid") {
			t.Errorf("the driver does not take multichecker's flag -%s=%s: %s", f.Name, value, r.stderr)
		}
	}
}

func TestInvokedByVet(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"--flags"}, true},
		{[]string{"-printf.funcs=Logf", "-ctxdrop=false", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"-format=sarif", "./..."}, false},
		{[]string{"-json", "./...", "-flags"}, false}, // a flag after a package is a package
		{[]string{"help", "printf"}, false},
		{nil, false},
	} {
		if got := driver.InvokedByVet(tc.args); got != tc.want {
			t.Errorf("InvokedByVet(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
