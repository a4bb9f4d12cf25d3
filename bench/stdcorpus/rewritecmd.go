package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// injectedImports are the packages otelgen's output may import; their
// export data, listed in the root module, type-checks the output.
var injectedImports = []string{
	"go.opentelemetry.io/otel",
	"go.opentelemetry.io/otel/trace",
	"go.opentelemetry.io/otel/attribute",
	"go.opentelemetry.io/otel/codes",
}

// excluded says why a standard package is not part of the corpus, or "".
// withInternal keeps internal packages outside the runtime and syscall
// families.
func excluded(p *listedPackage, withInternal bool) string {
	path := p.ImportPath
	switch {
	case path == "unsafe":
		return "unsafe (no Go source)"
	case path == "runtime" || strings.HasPrefix(path, "runtime/") || strings.HasPrefix(path, "internal/runtime/"):
		return "runtime family (allowed by the issue; the runtime cannot import otel)"
	case path == "syscall" || strings.HasPrefix(path, "syscall/"):
		return "syscall family (allowed by the issue)"
	case !withInternal && slices.Contains(strings.Split(path, "/"), "internal"):
		return "internal package (allowed by the issue)"
	case p.Error != nil || len(p.DepsErrors) > 0:
		return "does not load on this GOOS/GOARCH"
	case len(p.GoFiles) == 0:
		return "no non-test Go files on this GOOS/GOARCH"
	}
	return ""
}

// outcome is what happened to one package.
type outcome struct {
	path     string
	files    int              // files rewritten
	bytes    int              // bytes of rewritten output
	refusal  string           // rewrite.Run's error, if it refused
	failures []string         // "kind: detail" lines, if the output is bad
	cycle    bool             // otel depends on the package: its output cannot build
	baseline string           // the unchanged package does not type-check here either
	changes  []rewrite.Change // kept, once checked, only if they failed
}

func rewriteMain(args []string) int {
	fs := flag.NewFlagSet("stdcorpus rewrite", flag.ContinueOnError)
	goroot := fs.String("goroot", "", "`dir` of the Go tree whose src is the corpus (default: go env GOROOT)")
	batch := fs.Int("batch", 16, "packages per rewrite.Run call (a batch that fails is retried one package at a time)")
	outDir := fs.String("out", "", "`dir` to write each failing file's original and rewritten source and errors to")
	verbose := fs.Bool("v", false, "print one line per package")
	withInternal := fs.Bool("internal", false, "include internal packages (all but internal/runtime/...)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *batch < 1 {
		fmt.Fprintln(os.Stderr, "stdcorpus: -batch must be at least 1")
		return 2
	}
	env := environ("GOWORK=off")
	if *goroot == "" {
		var err error
		if *goroot, err = goEnv(env, "GOROOT"); err != nil {
			fmt.Fprintf(os.Stderr, "stdcorpus: %v\n", err)
			return 1
		}
	}
	srcDir := filepath.Join(*goroot, "src")
	start := time.Now()

	// Listed in the root module (the working directory), so the injected
	// packages resolve; the standard packages are the same from anywhere.
	listed, err := goList(".", env, append([]string{"-export", "-compiled", "-deps", "std"}, injectedImports...)...)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stdcorpus: %v\n", err)
		return 1
	}
	byPath := make(map[string]*listedPackage)
	for _, p := range listed {
		byPath[p.ImportPath] = p
	}
	cycle := make(map[string]bool)
	for _, path := range injectedImports {
		p, ok := byPath[path]
		if !ok {
			fmt.Fprintf(os.Stderr, "stdcorpus: go list did not list %s\n", path)
			return 1
		}
		for _, dep := range p.Deps {
			cycle[dep] = true
		}
	}

	wanted := fs.Args()
	var corpus []*listedPackage
	exclusions := make(map[string][]string)
	for _, p := range listed {
		if !p.Standard || (len(wanted) > 0 && !slices.Contains(wanted, p.ImportPath)) {
			continue
		}
		if reason := excluded(p, *withInternal); reason != "" {
			exclusions[reason] = append(exclusions[reason], p.ImportPath)
			continue
		}
		corpus = append(corpus, p)
	}
	listTime := time.Since(start)
	fmt.Printf("stdcorpus: %s, corpus of %d packages under %s (go list took %s)\n", *goroot, len(corpus), srcDir, listTime.Round(time.Millisecond))

	chk := newChecker(listed)
	var outcomes []*outcome
	var runTime, checkTime time.Duration
	for i := 0; i < len(corpus); i += *batch {
		group := corpus[i:min(i+*batch, len(corpus))]
		t0 := time.Now()
		results := rewriteGroup(srcDir, env, group)
		runTime += time.Since(t0)
		t0 = time.Now()
		for _, p := range group {
			o := results[p.ImportPath]
			o.cycle = cycle[p.ImportPath]
			checkOutcome(chk, p, o)
			if len(o.failures) > 0 && *outDir != "" {
				if err := saveFailure(*outDir, p, o); err != nil {
					fmt.Fprintf(os.Stderr, "stdcorpus: %v\n", err)
				}
			}
			if *verbose {
				fmt.Println(describe(o))
			}
			outcomes = append(outcomes, o)
		}
		checkTime += time.Since(t0)
		fmt.Fprintf(os.Stderr, "stdcorpus: %d/%d packages, %s\n", min(i+*batch, len(corpus)), len(corpus), time.Since(start).Round(time.Second))
	}
	failed := report(os.Stdout, outcomes, exclusions)
	fmt.Printf("time: %s in all: go list %s, rewrite.Run %s, checks %s\n",
		time.Since(start).Round(time.Second), listTime.Round(time.Second), runTime.Round(time.Second), checkTime.Round(time.Second))
	if failed {
		return 1
	}
	return 0
}

// changeResult is one rewrite.Run call's result.
type changeResult struct {
	changes []rewrite.Change
	err     error
	panic   string
}

func runRewrite(dir string, env []string, paths ...string) (res changeResult) {
	defer func() {
		if r := recover(); r != nil {
			res = changeResult{panic: fmt.Sprintf("%v\n%s", r, debug.Stack())}
		}
	}()
	changes, err := rewrite.Run(rewrite.Config{Dir: dir, Env: env}, paths...)
	return changeResult{changes: changes, err: err}
}

// rewriteGroup rewrites the packages in one rewrite.Run call, or one by
// one when the call fails, so that a refusal or panic is the package's own.
func rewriteGroup(srcDir string, env []string, group []*listedPackage) map[string]*outcome {
	results := make(map[string]*outcome)
	var paths []string
	for _, p := range group {
		paths = append(paths, p.ImportPath)
		results[p.ImportPath] = &outcome{path: p.ImportPath}
	}
	res := runRewrite(srcDir, env, paths...)
	if len(group) > 1 && (res.err != nil || res.panic != "") {
		for _, p := range group {
			one := rewriteGroup(srcDir, env, []*listedPackage{p})
			results[p.ImportPath] = one[p.ImportPath]
		}
		return results
	}
	switch {
	case res.panic != "":
		o := results[group[0].ImportPath]
		o.failures = append(o.failures, "panic: "+res.panic)
	case res.err != nil:
		results[group[0].ImportPath].refusal = oneLine(res.err)
	default:
		assignChanges(group, res.changes, results)
	}
	return results
}

func assignChanges(group []*listedPackage, changes []rewrite.Change, results map[string]*outcome) {
	for _, ch := range changes {
		var owner *outcome
		for _, p := range group {
			if filepath.Dir(ch.Path) == p.Dir {
				owner = results[p.ImportPath]
			}
		}
		if owner == nil {
			// A change outside the packages named is itself a bug.
			owner = results[group[0].ImportPath]
			owner.failures = append(owner.failures, "stray: changed "+ch.Path+", outside the packages named")
			continue
		}
		owner.changes = append(owner.changes, ch)
	}
}

// checkOutcome checks the rewritten files of one package.
func checkOutcome(chk *checker, p *listedPackage, o *outcome) {
	changes := o.changes
	o.changes = nil // the output of std is large: keep only what failed
	if len(changes) == 0 {
		return
	}
	replaced := make(map[string][]byte)
	for _, ch := range changes {
		o.files++
		o.bytes += len(ch.New)
		replaced[ch.Path] = ch.New
		if kind, err := checkFile(ch.Path, ch.New); err != nil {
			o.failures = append(o.failures, kind+": "+oneLine(err))
		}
		created := ch.Old == nil && filepath.Base(ch.Path) == "otelgen_gen.go" && filepath.Dir(ch.Path) == p.Dir
		if !created && !slices.Contains(p.GoFiles, filepath.Base(ch.Path)) {
			o.failures = append(o.failures, "stray: changed "+ch.Path+", not a non-test Go file of the package")
		}
	}
	if len(o.failures) > 0 {
		o.changes = changes
		return
	}
	for _, withTests := range []bool{false, true} {
		kind := "type"
		if withTests {
			kind = "type (with in-package tests)"
		}
		if err := chk.typeCheck(p, replaced, withTests); err != nil {
			if base := chk.typeCheck(p, nil, withTests); base != nil {
				o.baseline = kind + ": " + oneLine(base)
				break
			}
			msg := kind + ": " + oneLine(err)
			if o.cycle {
				// otel's export data holds the original package and the
				// rewritten one is a second package of the same path: a
				// mismatch between the two may be the harness's, not
				// otelgen's, and needs a look.
				msg += " (otel depends on this package: the check mixes its rewritten types with otel's copy of the originals)"
			}
			o.failures = append(o.failures, msg)
			o.changes = changes
			break
		}
	}
}

func describe(o *outcome) string {
	switch {
	case len(o.failures) > 0:
		return fmt.Sprintf("FAIL %s: %s", o.path, strings.Join(o.failures, " | "))
	case o.refusal != "":
		return fmt.Sprintf("refused %s: %s", o.path, o.refusal)
	case o.files == 0:
		return fmt.Sprintf("unchanged %s", o.path)
	}
	return fmt.Sprintf("rewritten %s: %d files", o.path, o.files)
}

// positionPrefix matches the file positions that make one refusal reason
// differ from another.
var positionPrefix = regexp.MustCompile(`[^\s:]+\.go:\d+(:\d+)?: `)

// report prints the summary and says whether anything failed.
func report(w io.Writer, outcomes []*outcome, exclusions map[string][]string) bool {
	var rewritten, unchanged, files, bytes int
	refusals := make(map[string][]string)
	failures := make(map[string][]string)
	var cycles, baselines []string
	for _, o := range outcomes {
		switch {
		case len(o.failures) > 0:
			for _, f := range o.failures {
				kind, _, _ := strings.Cut(f, ": ")
				failures[kind] = append(failures[kind], o.path+": "+f)
			}
		case o.refusal != "":
			reason := positionPrefix.ReplaceAllString(o.refusal, "")
			refusals[reason] = append(refusals[reason], o.path+": "+o.refusal)
		case o.files == 0:
			unchanged++
		default:
			rewritten++
			files += o.files
			bytes += o.bytes
			if o.cycle {
				cycles = append(cycles, o.path)
			}
			if o.baseline != "" {
				baselines = append(baselines, o.path+": "+o.baseline)
			}
		}
	}
	nref, nfail := 0, 0
	for _, v := range refusals {
		nref += len(v)
	}
	failedPkgs := 0
	for _, o := range outcomes {
		if len(o.failures) > 0 {
			failedPkgs++
		}
	}
	for _, v := range failures {
		nfail += len(v)
	}
	fmt.Fprintf(w, "\nexcluded: %d packages\n", countAll(exclusions))
	for _, reason := range slices.Sorted(maps.Keys(exclusions)) {
		fmt.Fprintf(w, "  %4d  %s\n", len(exclusions[reason]), reason)
		if len(exclusions[reason]) <= 10 {
			fmt.Fprintf(w, "        %s\n", strings.Join(exclusions[reason], " "))
		}
	}
	fmt.Fprintf(w, "tried:      %d packages\n", len(outcomes))
	fmt.Fprintf(w, "rewritten:  %d packages (%d files, %.1f MB of output): every file parses and is gofmt-clean, every package type-checks\n", rewritten, files, float64(bytes)/1e6)
	if len(cycles) > 0 {
		fmt.Fprintf(w, "            of which %d are dependencies of otel (built, they would form an import cycle; type-checked\n", len(cycles))
		fmt.Fprintf(w, "            against otel's export data, which holds the originals): %s\n", strings.Join(cycles, " "))
	}
	if len(baselines) > 0 {
		fmt.Fprintf(w, "            of which %d do not type-check here even unchanged (not counted as failures):\n", len(baselines))
		for _, b := range baselines {
			fmt.Fprintf(w, "              %s\n", b)
		}
	}
	fmt.Fprintf(w, "unchanged:  %d packages\n", unchanged)
	fmt.Fprintf(w, "refused:    %d packages\n", nref)
	for _, reason := range slices.Sorted(maps.Keys(refusals)) {
		fmt.Fprintf(w, "  %4d  %s\n", len(refusals[reason]), reason)
		for _, line := range refusals[reason] {
			fmt.Fprintf(w, "          %s\n", line)
		}
	}
	fmt.Fprintf(w, "failed:     %d packages\n", failedPkgs)
	for _, kind := range slices.Sorted(maps.Keys(failures)) {
		fmt.Fprintf(w, "  %4d  %s\n", len(failures[kind]), kind)
		for _, line := range failures[kind] {
			fmt.Fprintf(w, "          %s\n", shortPanic(line))
		}
	}
	return nfail > 0
}

func countAll(m map[string][]string) int {
	n := 0
	for _, v := range m {
		n += len(v)
	}
	return n
}

// saveFailure writes a failing package's rewritten files next to their
// originals, and the errors, for a reproduction.
func saveFailure(dir string, p *listedPackage, o *outcome) error {
	pkgDir := filepath.Join(dir, strings.ReplaceAll(p.ImportPath, "/", "_"))
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		return fmt.Errorf("saving failure of %s: %w", p.ImportPath, err)
	}
	for _, ch := range o.changes {
		base := filepath.Base(ch.Path)
		if err := os.WriteFile(filepath.Join(pkgDir, base+".orig"), ch.Old, 0o644); err != nil {
			return fmt.Errorf("saving failure of %s: %w", p.ImportPath, err)
		}
		if err := os.WriteFile(filepath.Join(pkgDir, base+".new"), ch.New, 0o644); err != nil {
			return fmt.Errorf("saving failure of %s: %w", p.ImportPath, err)
		}
	}
	text := strings.Join(o.failures, "\n") + "\n"
	if err := os.WriteFile(filepath.Join(pkgDir, "errors.txt"), []byte(text), 0o644); err != nil {
		return fmt.Errorf("saving failure of %s: %w", p.ImportPath, err)
	}
	return nil
}

// shortPanic keeps a panic's message and the innermost frame of otelgen's
// engine, where the fix goes; saveFailure keeps the whole stack.
func shortPanic(line string) string {
	msg, stack, ok := strings.Cut(line, "\ngoroutine ")
	if !ok {
		return line
	}
	lines := strings.Split(stack, "\n")
	for i, l := range lines {
		if strings.Contains(l, "ctxtrace/rewrite.") && i+1 < len(lines) {
			return msg + " at " + strings.TrimSpace(l) + " " + strings.TrimSpace(lines[i+1])
		}
	}
	return msg
}
