package rewrite_test

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/analyzers/ctxdrop"
	"github.com/ctxtrace/ctxtrace/analyzers/recordrace"
	"github.com/ctxtrace/ctxtrace/analyzers/spanend"
	"github.com/ctxtrace/ctxtrace/internal/scripttest"
	"github.com/ctxtrace/ctxtrace/rewrite"
)

var goldenUpdate = flag.Bool("update", false, "rewrite testdata/rewrite/*/*.go.golden from the rewriter's output")

// The golden cases form a module of their own, so that their inputs and
// outputs can be built with the go command; its module path prefixes every
// case's package path.
const (
	goldenModule = "cases"
	goldenSuffix = ".golden"
	// goldenInitPrefix starts the names of the cases that are run with
	// Config.Init, so that the other cases show what a run without it does.
	goldenInitPrefix = "init"
	// goldenRulePrefix starts the names of the cases run with the default
	// span rule. The others test how spans are injected, on functions the
	// rule may leave out, so they run with Config.AllSpans.
	goldenRulePrefix = "rule"
	// goldenSupportFile is the file otelgen writes into a package whose
	// injected code needs declarations of its own.
	goldenSupportFile = "otelgen_gen.go"
)

// goldenCaseModule is the cases module relative to this package's
// directory, which go test runs in.
var goldenCaseModule = filepath.Join("..", "testdata", "rewrite")

// TestGolden runs the rewriter on every case of testdata/rewrite, compares
// its output with the goldens and then checks properties of the output that
// no golden can show: it is formatted, it builds and passes vet, ctxlint
// finds nothing new in it, a second run changes nothing and strip gives the
// input back.
func TestGolden(t *testing.T) {
	env := goldenEnv()
	src, err := filepath.Abs(goldenCaseModule)
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases(t, src)
	in := goldenCopyModule(t, src, env)

	outputs := goldenRunEach(in, cases, rewrite.Config{Env: env})

	// Every later check reads the outputs from a second copy of the module,
	// which is what a user's tree looks like after otelgen has run.
	out := goldenCopyModule(t, src, env)
	for c, o := range outputs {
		for name, content := range o.changed {
			if err := os.WriteFile(filepath.Join(out, c, name), content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	inBuild := goldenGoCommands(t, in, env)
	if len(inBuild) != 0 {
		t.Fatalf("the golden inputs do not build cleanly (go build, go vet):\n%s", goldenJoin(inBuild))
	}
	outBuild := goldenGoCommands(t, out, env)
	inDiags := goldenAnalyze(t, in, env)
	outDiags := goldenAnalyze(t, out, env)
	for c := range outBuild {
		if !slices.Contains(cases, c) {
			t.Errorf("go build or go vet of the outputs, not attributable to a case:\n%s", strings.Join(outBuild[c], "\n"))
		}
	}
	again := goldenRunModule(t, out, cases, rewrite.Config{Env: env})
	stripped := goldenRunModule(t, out, cases, rewrite.Config{Env: env, Strip: true})

	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			t.Parallel()
			o := outputs[c]
			if o.err != nil {
				t.Fatalf("Run: %v", o.err)
			}
			for _, msg := range o.problems {
				t.Error(msg)
			}
			goldenCompare(t, filepath.Join(src, c), o)
			goldenCheckFormat(t, o)
			if lines := outBuild[c]; len(lines) != 0 {
				t.Errorf("the output does not build or is not vet-clean:\n%s", strings.Join(lines, "\n"))
			}
			goldenCheckDiagnostics(t, inDiags[c], outDiags[c])
			goldenCheckIdempotent(t, filepath.Join(out, c), again[c])
			goldenCheckStrip(t, filepath.Join(in, c), filepath.Join(out, c), stripped[c])
		})
	}
}

// goldenEnv is the environment of every go command the test runs: the copy
// of the cases module may need go.sum lines added (from the module cache,
// not the checksum database), but must never reach the network or switch
// toolchains. What the cases module requires is downloaded first, through
// the proxy, so that a fresh module cache has it.
func goldenEnv() []string {
	if err := scripttest.DownloadModule(goldenCaseModule); err != nil {
		panic(err) // goldenEnv has no test to fail; the panic fails the caller
	}
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off")
}

// goldenCases lists the case directories: those holding Go files.
func goldenCases(t *testing.T, src string) []string {
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var cases []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if gos, _ := filepath.Glob(filepath.Join(src, e.Name(), "*.go")); len(gos) > 0 {
			cases = append(cases, e.Name())
		}
	}
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", src)
	}
	return cases
}

// goldenCopyModule copies the cases module, without its goldens, to a new
// temporary directory. The outputs depend on OpenTelemetry alone, so the
// copy needs nothing of this repository.
func goldenCopyModule(t *testing.T, src string, env []string) string {
	t.Helper()
	dst := t.TempDir()
	// The rewriter reports absolute paths; compare them with resolved ones.
	dst, err := filepath.EvalSymlinks(dst)
	if err != nil {
		t.Fatal(err)
	}
	err = filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, goldenSuffix) {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// goldenOutput is what one Run made of one case: the new content of each
// changed file, by file name, what is wrong with the changes it reported,
// or the error it returned.
type goldenOutput struct {
	changed  map[string][]byte
	problems []string
	err      error
}

// goldenRunEach runs the rewriter with cfg on every case of the module copy
// dir, one Run per case and as many at a time as the test may run in
// parallel. It runs outside the per-case subtests because the module-wide
// checks need every output, even when -run selects a few cases only.
func goldenRunEach(dir string, cases []string, cfg rewrite.Config) map[string]*goldenOutput {
	outputs := make(map[string]*goldenOutput)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, c := range cases {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			cfg := goldenConfig(cfg, c)
			cfg.Dir = filepath.Join(dir, c)
			changes, err := rewrite.Run(cfg, ".")
			o := goldenResult(cfg.Dir, changes, err)
			mu.Lock()
			outputs[c] = o
			mu.Unlock()
		})
	}
	wg.Wait()
	return outputs
}

// goldenConfig is cfg as case c is run with.
func goldenConfig(cfg rewrite.Config, c string) rewrite.Config {
	cfg.Init = strings.HasPrefix(c, goldenInitPrefix)
	cfg.AllSpans = !strings.HasPrefix(c, goldenRulePrefix)
	return cfg
}

// goldenRunModule runs the rewriter with cfg over the whole module copy
// dir, once for each configuration goldenConfig gives a case, which costs
// a few package loads instead of one per case, and splits its changes by
// case. If a Run fails, one case's broken output must not hide the
// others', so it falls back to a Run per case.
func goldenRunModule(t *testing.T, dir string, cases []string, cfg rewrite.Config) map[string]*goldenOutput {
	t.Helper()
	var changes []rewrite.Change
	type mode struct{ init, all bool }
	patterns := make(map[mode][]string)
	for _, c := range cases {
		cc := goldenConfig(cfg, c)
		m := mode{cc.Init, cc.AllSpans}
		patterns[m] = append(patterns[m], "./"+c)
	}
	for m, patterns := range patterns {
		cfg := cfg
		cfg.Dir, cfg.Init, cfg.AllSpans = dir, m.init, m.all
		ch, err := rewrite.Run(cfg, patterns...)
		if err != nil {
			t.Logf("Run over all cases: %v; running case by case", err)
			return goldenRunEach(dir, cases, cfg)
		}
		changes = append(changes, ch...)
	}
	byCase := make(map[string][]rewrite.Change)
	for _, ch := range changes {
		rel, err := filepath.Rel(dir, ch.Path)
		c, _, _ := strings.Cut(filepath.ToSlash(rel), "/")
		if err != nil || !slices.Contains(cases, c) {
			t.Errorf("Run changes %s, outside every case", ch.Path)
			continue
		}
		byCase[c] = append(byCase[c], ch)
	}
	outputs := make(map[string]*goldenOutput)
	for _, c := range cases {
		outputs[c] = goldenResult(filepath.Join(dir, c), byCase[c], nil)
	}
	return outputs
}

// goldenResult keys the changes a Run made to the case in dir by file name
// and notes what is wrong with them.
func goldenResult(dir string, changes []rewrite.Change, err error) *goldenOutput {
	if err != nil {
		return &goldenOutput{err: err}
	}
	o := &goldenOutput{changed: make(map[string][]byte)}
	for _, ch := range changes {
		if filepath.Dir(ch.Path) != dir {
			o.problems = append(o.problems, fmt.Sprintf("Run changes %s, outside the case's directory %s", ch.Path, dir))
			continue
		}
		name := filepath.Base(ch.Path)
		if _, dup := o.changed[name]; dup {
			o.problems = append(o.problems, fmt.Sprintf("Run reports %s twice", name))
		}
		if bytes.Equal(ch.Old, ch.New) {
			o.problems = append(o.problems, fmt.Sprintf("Run reports a change of %s that leaves it as it is", name))
		}
		o.changed[name] = ch.New
	}
	return o
}

// goldenCompare compares the output with the goldens in the source tree's
// case directory srcDir (or, with -update, rewrites them): a changed file
// must have a golden equal to its new content, an unchanged one none. The
// support file otelgen creates has a golden and no input.
func goldenCompare(t *testing.T, srcDir string, o *goldenOutput) {
	t.Helper()
	gos, err := filepath.Glob(filepath.Join(srcDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	gos = append(gos, filepath.Join(srcDir, goldenSupportFile))
	for name := range o.changed {
		if !slices.Contains(gos, filepath.Join(srcDir, name)) {
			t.Errorf("Run changes %s, which is not a Go file of the case", name)
		}
	}
	for _, goFile := range gos {
		name := filepath.Base(goFile)
		golden := goFile + goldenSuffix
		got, changed := o.changed[name]
		want, err := os.ReadFile(golden)
		exists := err == nil
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		if *goldenUpdate {
			var err error
			switch {
			case changed && !bytes.Equal(got, want):
				err = os.WriteFile(golden, got, 0o644)
			case !changed && exists:
				err = os.Remove(golden)
			}
			if err != nil {
				t.Fatal(err)
			}
			continue
		}
		switch {
		case changed && !exists:
			t.Errorf("%s changed, but has no golden; it must be left alone (or run with -update):\n%s", name, got)
		case !changed && exists:
			t.Errorf("%s is left unchanged, but %s expects a change", name, filepath.Base(golden))
		case changed && !bytes.Equal(got, want):
			t.Errorf("%s differs from %s (run with -update to accept):\n%s", name, filepath.Base(golden), goldenDiff(want, got))
		}
	}
	stale, err := filepath.Glob(filepath.Join(srcDir, "*"+goldenSuffix))
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range stale {
		if !slices.Contains(gos, strings.TrimSuffix(g, goldenSuffix)) {
			t.Errorf("%s has no Go file", filepath.Base(g))
		}
	}
}

// goldenDiff shows the first differing line of want and got with some
// context; the whole files are in the source tree and the -update output.
func goldenDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	from := max(0, i-3)
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d\n", i+1)
	for j := from; j < i+4; j++ {
		if j < len(w) {
			fmt.Fprintf(&b, "want %4d: %s\n", j+1, w[j])
		}
	}
	for j := from; j < i+4; j++ {
		if j < len(g) {
			fmt.Fprintf(&b, "got  %4d: %s\n", j+1, g[j])
		}
	}
	return b.String()
}

// goldenGoCommands builds and vets every case of the module in dir at once,
// which costs one go command each instead of one per case, and returns
// their output lines by case.
func goldenGoCommands(t *testing.T, dir string, env []string) map[string][]string {
	t.Helper()
	byCase := make(map[string][]string)
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err == nil && len(out) != 0 {
			err = fmt.Errorf("output without failure")
		}
		if err == nil {
			continue
		}
		if len(out) == 0 {
			t.Fatalf("go %s: %v", strings.Join(args, " "), err)
		}
		for c, lines := range goldenAttribute(out) {
			byCase[c] = append(byCase[c], lines...)
		}
	}
	return byCase
}

// goldenAttribute assigns the go command's output lines to cases: the
// lines after a "# cases/NAME" header belong to NAME, and so does a line
// that names a file of NAME; anything else is kept under "".
func goldenAttribute(out []byte) map[string][]string {
	byCase := make(map[string][]string)
	current := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if pkg, ok := strings.CutPrefix(line, "# "); ok {
			current = ""
			if f := strings.Fields(pkg); len(f) > 0 {
				current = goldenCaseOf(f[0])
			}
			byCase[current] = append(byCase[current], line)
			continue
		}
		c := current
		if c == "" {
			path := strings.TrimPrefix(strings.TrimPrefix(line, "vet: "), "./")
			if i := strings.IndexByte(path, '/'); i > 0 {
				c = path[:i]
			}
		}
		byCase[c] = append(byCase[c], line)
	}
	return byCase
}

// goldenCaseOf returns the case whose package path is pkgPath, or "".
func goldenCaseOf(pkgPath string) string {
	rest, ok := strings.CutPrefix(pkgPath, goldenModule+"/")
	if !ok || strings.Contains(rest, "/") {
		return ""
	}
	return rest
}

func goldenJoin(byCase map[string][]string) string {
	var b strings.Builder
	for _, lines := range byCase {
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// goldenDiagnostics holds what ctxlint's analyzers report on one case, by
// analyzer name; a package that cannot be analyzed shows as "load error".
type goldenDiagnostics map[string][]string

// goldenAnalyze runs ctxtrace's analyzers on every case of the module in
// dir and returns their diagnostics by case.
func goldenAnalyze(t *testing.T, dir string, env []string) map[string]goldenDiagnostics {
	t.Helper()
	analyzers := []*analysis.Analyzer{ctxdrop.Analyzer, spanend.Analyzer, recordrace.Analyzer}
	// A fact-free analyzer needs syntax and types of the analyzed packages
	// only; dependencies can come from export data, which is much cheaper
	// than type-checking otel from source.
	for _, a := range analyzers {
		if len(a.FactTypes) > 0 {
			t.Fatalf("%s uses facts: load the cases with packages.LoadAllSyntax", a.Name)
		}
	}
	cfg := &packages.Config{Mode: packages.LoadSyntax, Dir: dir, Env: env}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatalf("loading %s: %v", dir, err)
	}
	byCase := make(map[string]goldenDiagnostics)
	diags := func(pkgPath string) goldenDiagnostics {
		c := goldenCaseOf(pkgPath)
		if byCase[c] == nil {
			byCase[c] = make(goldenDiagnostics)
		}
		return byCase[c]
	}
	var clean []*packages.Package
	for _, p := range pkgs {
		if len(p.Errors) == 0 {
			clean = append(clean, p)
			continue
		}
		d := diags(p.PkgPath)
		for _, e := range p.Errors {
			d["load error"] = append(d["load error"], e.Error())
		}
	}
	graph, err := checker.Analyze(analyzers, clean, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		d := diags(act.Package.PkgPath)
		if act.Err != nil {
			d[act.Analyzer.Name] = append(d[act.Analyzer.Name], "analysis failed: "+act.Err.Error())
		}
		for _, diag := range act.Diagnostics {
			pos := act.Package.Fset.Position(diag.Pos)
			rel, err := filepath.Rel(dir, pos.Filename)
			if err == nil {
				pos.Filename = rel
			}
			d[act.Analyzer.Name] = append(d[act.Analyzer.Name], fmt.Sprintf("%s: %s", pos, diag.Message))
		}
	}
	return byCase
}

// goldenCheckDiagnostics fails unless every analyzer reports at most as
// much on the output as on the input and the output loads.
func goldenCheckDiagnostics(t *testing.T, in, out goldenDiagnostics) {
	t.Helper()
	for name, diags := range out {
		if len(diags) > len(in[name]) {
			t.Errorf("%s reports %d times on the output, %d on the input:\n%s",
				name, len(diags), len(in[name]), strings.Join(diags, "\n"))
		}
	}
}

// goldenCheckFormat fails unless every output is gofmt-clean.
func goldenCheckFormat(t *testing.T, o *goldenOutput) {
	t.Helper()
	for name, content := range o.changed {
		formatted, err := format.Source(content)
		if err != nil {
			t.Errorf("%s: the output does not parse: %v", name, err)
		} else if !bytes.Equal(formatted, content) {
			t.Errorf("%s: the output is not gofmt-clean:\n%s", name, goldenDiff(formatted, content))
		}
	}
}

// goldenCheckIdempotent fails unless a second run over the output in
// outDir changed nothing.
func goldenCheckIdempotent(t *testing.T, outDir string, again *goldenOutput) {
	t.Helper()
	if again.err != nil {
		t.Errorf("second Run: %v", again.err)
		return
	}
	for name, content := range again.changed {
		first, err := os.ReadFile(filepath.Join(outDir, name))
		if err != nil {
			t.Fatal(err)
		}
		t.Errorf("second Run changes %s again:\n%s", name, goldenDiff(first, content))
	}
}

// goldenCheckStrip fails unless stripping the output in outDir gave back
// every file of the input in inDir byte for byte.
func goldenCheckStrip(t *testing.T, inDir, outDir string, stripped *goldenOutput) {
	t.Helper()
	if stripped.err != nil {
		t.Errorf("Run with Strip: %v", stripped.err)
		return
	}
	for _, msg := range stripped.problems {
		t.Errorf("Run with Strip: %s", msg)
	}
	gos, err := filepath.Glob(filepath.Join(inDir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, goFile := range gos {
		name := filepath.Base(goFile)
		want, err := os.ReadFile(goFile)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := stripped.changed[name]
		if !ok {
			if got, err = os.ReadFile(filepath.Join(outDir, name)); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: strip does not give back the input:\n%s", name, goldenDiff(want, got))
		}
	}
}
