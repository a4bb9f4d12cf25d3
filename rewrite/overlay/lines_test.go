package overlay

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A compiledLine is a line of withLineDirectives' output other than a
// directive, with the position the compiler gives it.
type compiledLine struct {
	text string
	pos  token.Position
}

// compileLines parses out, the result of withLineDirectives(path,
// original, injected), as the compiler would and returns its lines other
// than the directives it added. It fails the test unless out parses,
// holds injected with //line directives for path added and nothing else,
// and keeps every string literal and comment of injected as it was (a
// directive inside a raw string or a general comment would change it).
func compileLines(t *testing.T, path string, injected, out []byte) []compiledLine {
	t.Helper()
	fset := token.NewFileSet()
	// The go command names an overlaid file by its original path, so the
	// lines before the first directive carry that name too.
	f, err := parser.ParseFile(fset, path, out, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("the output does not parse: %v\n%s", err, numbered(out))
	}
	tf := fset.File(f.Pos())
	lines := strings.SplitAfter(string(out), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if tf.LineCount() != len(lines) {
		t.Fatalf("the parser sees %d lines, the output has %d", tf.LineCount(), len(lines))
	}
	var kept []compiledLine
	var rebuilt strings.Builder
	for i, line := range lines {
		if isDirectiveFor(path, line) {
			continue
		}
		rebuilt.WriteString(line)
		kept = append(kept, compiledLine{
			text: strings.TrimSuffix(line, "\n"),
			pos:  fset.Position(tf.LineStart(i + 1)),
		})
	}
	if rebuilt.String() != string(injected) {
		t.Fatalf("the output without its //line directives is not the injected source:\n%s", numbered(out))
	}
	want, err := parser.ParseFile(token.NewFileSet(), path, injected, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatalf("the injected source does not parse: %v", err)
	}
	if got, want := literalsAndComments(f), literalsAndComments(want); !slices.Equal(got, want) {
		t.Errorf("string literals and comments differ from the injected source's\n got %q\nwant %q\n%s", got, want, numbered(out))
	}
	return kept
}

// isDirectiveFor reports whether line is a //line directive naming path.
func isDirectiveFor(path, line string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "//line "+path+":")
	if !ok {
		return false
	}
	n, err := strconv.Atoi(rest)
	return err == nil && n > 0
}

// literalsAndComments lists f's string literals and its comments other
// than //line directives, in source order.
func literalsAndComments(f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out = append(out, lit.Value)
		}
		return true
	})
	for _, g := range f.Comments {
		for _, c := range g.List {
			if !strings.HasPrefix(c.Text, "//line ") {
				out = append(out, c.Text)
			}
		}
	}
	return out
}

func numbered(src []byte) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(string(src), "\n"), "\n") {
		fmt.Fprintf(&b, "%4d| %s\n", i+1, l)
	}
	return b.String()
}

// lines joins its arguments as the lines of a file.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func TestWithLineDirectives(t *testing.T) {
	const path = "/src/app/p.go"
	tests := []struct {
		name               string
		original, injected string
		// want is the original line the compiler must see for each
		// line of injected.
		want []int
	}{
		{
			name:     "insertion at the file start",
			original: lines("package p", "", "func f() {}"),
			injected: lines("// Instrumented. //otelgen:gen", "package p", "", "func f() {}"),
			want:     []int{1, 1, 2, 3},
		},
		{
			name: "insertion inside a function",
			original: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(ctx context.Context) {",
				"\tg()",
				"\tpanic(\"x\")",
				"}",
			),
			injected: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(ctx context.Context) {",
				"\tctx, span := tracer.Start(ctx, \"p.f\") //otelgen:gen",
				"\tdefer span.End()                      //otelgen:gen",
				"\tg()",
				"\tpanic(\"x\")",
				"}",
			),
			want: []int{1, 2, 3, 4, 5, 5, 5, 6, 7, 8},
		},
		{
			name:     "insertion at the end",
			original: lines("package p", "", "func f() { panic(1) }"),
			injected: lines("package p", "", "func f() { panic(1) }", "", "var tracer = otel.Tracer(\"p\") //otelgen:gen"),
			want:     []int{1, 2, 3, 3, 3},
		},
		{
			name: "a signature that gained parameter names and results",
			original: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(context.Context, int) error {",
				"\treturn g()",
				"}",
			),
			injected: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(ctx context.Context, _ int) (err error) {",
				"\t_, span := tracer.Start(ctx, \"p.f\") //otelgen:gen named-params named-results",
				"\tdefer span.End()                    //otelgen:gen",
				"\treturn g()",
				"}",
			),
			want: []int{1, 2, 3, 4, 5, 5, 5, 6, 7},
		},
		{
			name: "modified lines between insertions",
			original: lines(
				"package p",
				"",
				"func f(ctx context.Context, out chan int) {",
				"\tgo func() {",
				"\t\tout <- 1",
				"\t}()",
				"\tpanic(\"f\")",
				"}",
			),
			injected: lines(
				"package p",
				"",
				"func f(ctx context.Context, out chan carry.Item[int]) {",
				"\tctx, span := tracer.Start(ctx, \"p.f\") //otelgen:gen",
				"\tdefer span.End()                      //otelgen:gen",
				"\tgo func(ctx context.Context) {",
				"\t\t_, span := tracer.Start(ctx, \"p.f/go\") //otelgen:gen go-param",
				"\t\tdefer span.End()                       //otelgen:gen",
				"\t\tout <- carry.With(ctx, 1)",
				"\t}(ctx)",
				"\tpanic(\"f\")",
				"}",
			),
			want: []int{1, 2, 3, 3, 3, 4, 4, 4, 5, 6, 7, 8},
		},
		{
			name: "one-line functions expanded",
			original: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(ctx context.Context) { g(ctx) }",
				"",
				"func g(ctx context.Context) { panic(\"g\") }",
			),
			injected: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func f(ctx context.Context) {",
				"\tctx, span := tracer.Start(ctx, \"p.f\") //otelgen:gen one-line",
				"\tdefer span.End()                      //otelgen:gen",
				"\tg(ctx)",
				"}",
				"",
				"func g(ctx context.Context) {",
				"\t_, span := tracer.Start(ctx, \"p.g\") //otelgen:gen one-line",
				"\tdefer span.End()                    //otelgen:gen",
				"\tpanic(\"g\")",
				"}",
			),
			want: []int{1, 2, 3, 4, 5, 5, 5, 5, 5, 6, 7, 7, 7, 7, 7},
		},
		{
			name: "raw string right after an injection",
			original: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func s(ctx context.Context) string {",
				"\treturn `",
				"\tdefer span.End()",
				"`",
				"}",
				"",
				"func g() { panic(\"g\") }",
			),
			injected: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func s(ctx context.Context) string {",
				"\t_, span := tracer.Start(ctx, \"p.s\") //otelgen:gen",
				"\tdefer span.End()                    //otelgen:gen",
				"\treturn `",
				"\tdefer span.End()",
				"`",
				"}",
				"",
				"func g() { panic(\"g\") }",
			),
			want: []int{1, 2, 3, 4, 5, 5, 5, 6, 7, 8, 9, 10, 11},
		},
		{
			name: "raw string in a one-line function expanded",
			original: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func s(ctx context.Context) string { return `a",
				"b",
				"c` }",
				"",
				"func g() { panic(\"g\") }",
			),
			injected: lines(
				"package p",
				"",
				"import \"context\"",
				"",
				"func s(ctx context.Context) string {",
				"\t_, span := tracer.Start(ctx, \"p.s\") //otelgen:gen one-line",
				"\tdefer span.End()                    //otelgen:gen",
				"\treturn `a",
				"b",
				"c`",
				"}",
				"",
				"func g() { panic(\"g\") }",
			),
			want: []int{1, 2, 3, 4, 5, 5, 5, 5, 6, 7, 7, 8, 9},
		},
		{
			// A line diff may pair the literal's "}" line with the
			// function's closing brace, so that the lines inside the
			// literal stand for lines other than the ones before them:
			// no directive may go there all the same.
			name: "raw string whose lines the diff misaligns",
			original: lines(
				"package p",
				"",
				"func s() string { return `a",
				"}",
				"c` }",
				"",
				"func g() { panic(\"g\") }",
			),
			injected: lines(
				"package p",
				"",
				"func s() string {",
				"\tx()",
				"\ty()",
				"\treturn `a",
				"}",
				"c`",
				"}",
				"",
				"func g() { panic(\"g\") }",
			),
			want: []int{1, 2, 3, 3, 3, 3, 4, 5, 5, 6, 7},
		},
		{
			name: "general comment after an injection",
			original: lines(
				"package p",
				"",
				"func f(ctx context.Context) {",
				"\t/* a",
				"\tb */",
				"\tpanic(1)",
				"}",
			),
			injected: lines(
				"package p",
				"",
				"func f(ctx context.Context) {",
				"\tdefer span.End() //otelgen:gen",
				"\t/* a",
				"\tb */",
				"\tpanic(1)",
				"}",
			),
			want: []int{1, 2, 3, 3, 4, 5, 6, 7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if len(tt.want) != strings.Count(tt.injected, "\n") {
				t.Fatalf("want has %d lines, injected %d", len(tt.want), strings.Count(tt.injected, "\n"))
			}
			out, err := withLineDirectives(path, []byte(tt.original), []byte(tt.injected))
			if err != nil {
				t.Fatal(err)
			}
			got := compileLines(t, path, []byte(tt.injected), out)
			for i, l := range got {
				if l.pos.Filename != path || l.pos.Line != tt.want[i] {
					t.Errorf("line %d %q: the compiler sees %s:%d, want %s:%d", i+1, l.text, l.pos.Filename, l.pos.Line, path, tt.want[i])
				}
			}
			if t.Failed() {
				t.Logf("output:\n%s", numbered(out))
			}
		})
	}
}

func TestOriginalLinesUnchanged(t *testing.T) {
	src := lines("package p", "", "func f() {", "\tpanic(1)", "}")
	origin, err := originalLines(src, src)
	if err != nil {
		t.Fatal(err)
	}
	// The slice also covers the empty text after the final newline.
	if want := []int{1, 2, 3, 4, 5, 6}; !reflect.DeepEqual(origin, want) {
		t.Errorf("originalLines(src, src) = %v, want %v", origin, want)
	}
	out, err := withLineDirectives("/p.go", []byte(src), []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != src {
		t.Errorf("an unchanged file gained directives:\n%s", out)
	}
}

// TestLineDirectivesGolden checks withLineDirectives on every golden
// case of the rewriter: with the directives, each line of the rewriter's
// output that the user wrote is placed by the compiler at the line of the
// input that holds it (or, if the rewriter edited it, the line it was
// edited from), and each injected line no later than the user line after
// it.
func TestLineDirectivesGolden(t *testing.T) {
	goldens, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rewrite", "*", "*.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if len(goldens) < 10 {
		t.Fatalf("found only %d golden files", len(goldens))
	}
	for _, golden := range goldens {
		input := strings.TrimSuffix(golden, ".golden")
		if _, err := os.Stat(input); os.IsNotExist(err) {
			continue // a file otelgen creates: no lines of the user's to keep
		}
		rel, _ := filepath.Rel(filepath.Join("..", "..", "testdata", "rewrite"), input)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			checkGoldenLines(t, input, golden)
		})
	}
}

func checkGoldenLines(t *testing.T, inputFile, goldenFile string) {
	path, err := filepath.Abs(inputFile)
	if err != nil {
		t.Fatal(err)
	}
	input, err := os.ReadFile(inputFile)
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	out, err := withLineDirectives(path, input, golden)
	if err != nil {
		t.Fatal(err)
	}
	got := compileLines(t, path, golden, out)
	injected := injectedLines(t, golden)
	inLines := strings.Split(string(input), "\n")
	inSet := make(map[string]bool)
	for _, l := range inLines {
		inSet[l] = true
	}
	// Walk backwards so that each injected line knows the user line
	// after it.
	nextUser := len(inLines)
	nextText := "the end of the file"
	for i := len(got) - 1; i >= 0; i-- {
		l := got[i]
		if strings.TrimSpace(l.text) == "" {
			continue
		}
		where := fmt.Sprintf("output line %d %q", i+1, l.text)
		if l.pos.Filename != path || l.pos.Line < 1 || l.pos.Line > len(inLines) {
			t.Errorf("%s: the compiler sees %s:%d, outside %s", where, l.pos.Filename, l.pos.Line, path)
			continue
		}
		seen := inLines[l.pos.Line-1]
		if injected[i+1] {
			if l.pos.Line > nextUser {
				t.Errorf("%s (injected): the compiler sees line %d, after line %d of the user line after it, %q", where, l.pos.Line, nextUser, nextText)
			}
			continue
		}
		switch {
		case inSet[l.text]:
			if seen != l.text {
				t.Errorf("%s (unchanged): the compiler sees line %d, which holds %q", where, l.pos.Line, seen)
			}
		case !editedFrom(l.text, seen):
			t.Errorf("%s (edited): the compiler sees line %d, %q, which does not begin with the same code", where, l.pos.Line, seen)
		}
		nextUser, nextText = l.pos.Line, l.text
	}
	if t.Failed() {
		t.Logf("output:\n%s", numbered(out))
	}
}

// injectedLines returns the lines (1-based) of src that otelgen injected:
// those of every statement, declaration or spec whose last line ends with
// the marker, and the lines of a grouped declaration all of whose specs
// were injected (the parentheses of an added import block).
func injectedLines(t *testing.T, src []byte) map[int]bool {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "golden.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	line := func(p token.Pos) int { return fset.Position(p).Line }
	marked := make(map[int]bool)
	for _, g := range f.Comments {
		for _, c := range g.List {
			if c.Text == "//otelgen:gen" || strings.HasPrefix(c.Text, "//otelgen:gen ") {
				marked[line(c.Pos())] = true
			}
		}
	}
	injected := make(map[int]bool)
	markRange := func(n ast.Node) {
		for l := line(n.Pos()); l <= line(n.End()); l++ {
			injected[l] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case nil:
			return false
		// A clause or block ends where its last statement does, which
		// says nothing about the clause itself.
		case *ast.CaseClause, *ast.CommClause, *ast.BlockStmt, *ast.LabeledStmt:
			return true
		case ast.Stmt, ast.Spec, *ast.GenDecl:
			if marked[line(n.End())] {
				markRange(n)
			}
		}
		return true
	})
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || len(gd.Specs) == 0 {
			continue
		}
		all := true
		for _, s := range gd.Specs {
			all = all && injected[line(s.Pos())]
		}
		if all {
			markRange(gd)
		}
	}
	if len(injected) == 0 {
		t.Fatal("no injected lines found in the golden")
	}
	return injected
}

// editedFrom reports whether line can be an edit of orig by the rewriter:
// both begin with the same token, or line is a part of orig (a statement
// of a one-line function body moved to a line of its own).
func editedFrom(line, orig string) bool {
	a, b := codeOf(line), codeOf(orig)
	if a == "" || b == "" {
		return false
	}
	if strings.Contains(b, a) {
		return true
	}
	return firstToken(a) == firstToken(b)
}

func firstToken(code string) string {
	fset := token.NewFileSet()
	var s scanner.Scanner
	s.Init(fset.AddFile("", -1, len(code)), []byte(code), nil, 0)
	_, tok, lit := s.Scan()
	if lit != "" {
		return lit
	}
	return tok.String()
}

// TestUserLineDirectives checks a file with //line directives of its own:
// each of its lines must keep the position the directives give it, and
// fences written after injected lines must name the directive's file, as
// the user wrote it, not the Go file.
func TestUserLineDirectives(t *testing.T) {
	const path = "/src/app/gen.go"
	original := lines(
		"package p",
		"",
		"//line work.tmpl:100",
		"func f(ctx context.Context) {",
		"\tpanic(1)",
		"}",
		"//line /abs/other.tmpl:7",
		"func g(ctx context.Context) {",
		"\tpanic(2)",
		"}",
	)
	injected := lines(
		"package p",
		"",
		"//line work.tmpl:100",
		"func f(ctx context.Context) {",
		"\tctx, span := tracer.Start(ctx, \"p.f\") //otelgen:gen",
		"\tdefer span.End() //otelgen:gen",
		"\tpanic(1)",
		"}",
		"//line /abs/other.tmpl:7",
		"func g(ctx context.Context) {",
		"\tctx, span := tracer.Start(ctx, \"p.g\") //otelgen:gen",
		"\tdefer span.End() //otelgen:gen",
		"\tpanic(2)",
		"}",
	)
	out, err := withLineDirectives(path, []byte(original), []byte(injected))
	if err != nil {
		t.Fatal(err)
	}
	positions := func(src string) map[string]string {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("does not parse: %v\n%s", err, numbered([]byte(src)))
		}
		tf := fset.File(f.Pos())
		m := make(map[string]string)
		for i, line := range strings.SplitAfter(src, "\n") {
			if strings.HasPrefix(line, "\tpanic") || strings.HasPrefix(line, "func ") || line == "}\n" {
				p := fset.Position(tf.LineStart(i + 1))
				m[fmt.Sprint(len(m), " ", line)] = fmt.Sprint(p.Filename, ":", p.Line)
			}
		}
		return m
	}
	want, got := positions(original), positions(string(out))
	if !reflect.DeepEqual(got, want) {
		t.Errorf("user lines moved:\n got %v\nwant %v\n%s", got, want, numbered(out))
	}
	if !strings.Contains(string(out), "\n//line work.tmpl:100\n\tctx, span") || strings.Contains(string(out), "/src/app/work.tmpl") {
		t.Errorf("the fence before the injected line must name work.tmpl as the directive writes it:\n%s", numbered(out))
	}
}
