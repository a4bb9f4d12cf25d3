package overlay

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/ctxtrace/ctxtrace/internal/scripttest"
	"github.com/ctxtrace/ctxtrace/rewrite"
)

// The module Prepare is tried on: it requires nothing, so the overlay must
// bring OpenTelemetry.
const (
	appGoMod = "module example.com/app\n\ngo 1.26.0\n"
	appGo    = `package app

import "context"

// Sum adds up what a producer sends.
func Sum(ctx context.Context, xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total
}
`
	appGoEdited = appGo + `
// Twice doubles n; too little work for a span by default, so it asks.
//
//otelgen:span
func Twice(ctx context.Context, n int) int { return 2 * n }
`
	appBGo = `package app

import "context"

// Half halves n; too little work for a span by default, so it asks.
//
//otelgen:span
func Half(ctx context.Context, n int) int {
	return n / 2
}
`
)

// offlineEnv is the environment of every go command the test runs: this
// machine's module and build caches, and never the network or another
// toolchain.
func offlineEnv(t *testing.T) []string {
	t.Helper()
	// The module graph of this repository, and what -w adds to a module
	// that requires nothing, must be in the module cache before the go
	// command goes offline.
	for _, dir := range []string{"../..", "../../testdata/rewrite"} {
		if err := scripttest.DownloadModule(dir); err != nil {
			t.Fatal(err)
		}
	}
	env := os.Environ()
	for _, key := range []string{"GOMODCACHE", "GOCACHE"} {
		out, err := exec.Command("go", "env", key).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", key, err)
		}
		env = append(env, key+"="+strings.TrimSpace(string(out)))
	}
	return append(env, "GOPROXY=off", "GOFLAGS=", "GOSUMDB=off", "GOTOOLCHAIN=local", "GOWORK=off")
}

// preparer calls Prepare on one module and keeps what it logged.
type preparer struct {
	t     *testing.T
	dir   string
	env   []string
	cache string
}

func (p *preparer) prepare() (path, log string) {
	p.t.Helper()
	var lines []string
	cfg := Config{
		Rewrite: rewrite.Config{Dir: p.dir, Env: p.env},
		Log: func(format string, args ...any) {
			lines = append(lines, fmt.Sprintf(format, args...))
		},
	}
	path, err := Prepare(cfg, ".")
	if err != nil {
		p.t.Fatalf("Prepare: %v\nlog:\n%s", err, strings.Join(lines, "\n"))
	}
	return path, strings.Join(lines, "\n")
}

// read returns the replacements of the overlay file at path, which must
// lie in the cache.
func (p *preparer) read(path string) map[string]string {
	p.t.Helper()
	p.inCache(path)
	data, err := os.ReadFile(path)
	if err != nil {
		p.t.Fatal(err)
	}
	var of overlayFile
	if err := json.Unmarshal(data, &of); err != nil {
		p.t.Fatalf("overlay %s: %v\n%s", path, err, data)
	}
	return of.Replace
}

func (p *preparer) inCache(path string) {
	p.t.Helper()
	if rel, err := filepath.Rel(p.cache, path); err != nil || !filepath.IsLocal(rel) {
		p.t.Errorf("%s is not in the cache %s", path, p.cache)
	}
}

// instrumented returns the content the overlay replace substitutes for
// the source file src, and checks it is an instrumented form of want,
// with line directives naming src.
func (p *preparer) instrumented(replace map[string]string, src, want string) string {
	p.t.Helper()
	to, ok := replace[src]
	if !ok {
		p.t.Fatalf("the overlay does not replace %s: %v", src, replace)
	}
	p.inCache(to)
	data, err := os.ReadFile(to)
	if err != nil {
		p.t.Fatalf("the overlay's replacement of %s: %v", src, err)
	}
	got := string(data)
	clause, _, _ := strings.Cut(want, "\n")
	if !strings.HasPrefix(got, clause+"\n") {
		p.t.Errorf("the replacement of %s does not start with %q:\n%s", src, clause, got)
	}
	if !strings.Contains(got, "\n//line "+src+":") {
		p.t.Errorf("the replacement of %s has no //line directive naming it:\n%s", src, got)
	}
	if !strings.Contains(got, "//otelgen:gen") {
		p.t.Errorf("the replacement of %s is not instrumented:\n%s", src, got)
	}
	return got
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// backdate sets the modification time of dir and every file in it to
// well before the 2 seconds within which Prepare distrusts a file's
// stat, so that the next Prepare writes its stamp.
func backdate(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Minute)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := os.Chtimes(filepath.Join(dir, e.Name()), old, old); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Chtimes(dir, old, old); err != nil {
		t.Fatal(err)
	}
}

const (
	logInstrumented = "instrumented "
	logReused       = "sources unchanged, overlay reused: "
	logUpToDate     = "overlay up to date, nothing rewritten: "
)

// decision returns which of Prepare's three outcomes log reports; it
// fails unless it reports exactly one, naming path.
func decision(t *testing.T, log, path string) string {
	t.Helper()
	var found []string
	for _, line := range strings.Split(log, "\n") {
		for _, d := range []string{logInstrumented, logReused, logUpToDate} {
			if strings.HasPrefix(line, d) {
				found = append(found, d)
				if !strings.HasSuffix(line, ": "+path) {
					t.Errorf("log line %q does not name the overlay %s", line, path)
				}
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("want one outcome in the log, got %q:\n%s", found, log)
	}
	return found[0]
}

func TestPrepare(t *testing.T) {
	cacheDir := t.TempDir()
	t.Setenv("OTELGEN_CACHE", cacheDir)
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "app.go")
	goMod := filepath.Join(dir, "go.mod")
	writeFile(t, goMod, appGoMod)
	writeFile(t, src, appGo)
	p := &preparer{t: t, dir: dir, env: offlineEnv(t), cache: cacheDir}

	first, log := p.prepare()
	if d := decision(t, log, first); d != logInstrumented {
		t.Fatalf("first Prepare: %q, want %q:\n%s", d, logInstrumented, log)
	}
	replace := p.read(first)
	p.instrumented(replace, src, appGo)
	checkGoModCopy(t, p, replace, goMod)
	for path, want := range map[string]string{src: appGo, goMod: appGoMod} {
		if got, err := os.ReadFile(path); err != nil || string(got) != want {
			t.Errorf("Prepare changed %s (err %v):\n%s", path, err, got)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
		t.Errorf("Prepare wrote go.sum into the module")
	}
	build := exec.Command("go", "build", "-overlay="+first, "./...")
	build.Dir, build.Env = dir, p.env
	if out, err := build.CombinedOutput(); err != nil {
		t.Errorf("go build -overlay: %v\n%s", err, out)
	}

	again, log := p.prepare()
	if again != first {
		t.Errorf("second Prepare returns %s, want the first overlay %s", again, first)
	}
	if d := decision(t, log, again); d == logInstrumented {
		t.Errorf("second Prepare of unchanged sources rewrote them:\n%s", log)
	}

	writeFile(t, src, appGoEdited)
	edited, log := p.prepare()
	if d := decision(t, log, edited); d != logInstrumented {
		t.Fatalf("Prepare after an edit: %q, want %q:\n%s", d, logInstrumented, log)
	}
	if edited == first {
		t.Errorf("Prepare after an edit returns the first overlay %s", first)
	}
	if got := p.instrumented(p.read(edited), src, appGoEdited); !strings.Contains(got, `"app.Twice"`) {
		t.Errorf("the replacement after the edit has no span for the new function:\n%s", got)
	}

	// A file changed within the last 2 s may change again without its
	// size or time changing, so it must keep Prepare from writing a
	// stamp; a time in the future is as recent as a time can be.
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(src, future, future); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, log := p.prepare(); decision(t, log, edited) != logReused {
			t.Fatalf("Prepare with a file of the future: want %q:\n%s", logReused, log)
		}
	}

	// Only files older than 2 s let Prepare write its stamp; the call
	// after that may trust it.
	backdate(t, dir)
	stamped, log := p.prepare()
	if d := decision(t, log, stamped); d != logReused || stamped != edited {
		t.Fatalf("Prepare after backdating: %q %s, want %q %s:\n%s", d, stamped, logReused, edited, log)
	}
	trusted, log := p.prepare()
	if d := decision(t, log, trusted); d != logUpToDate || trusted != edited {
		t.Fatalf("Prepare with a stamp: %q %s, want %q %s:\n%s", d, trusted, logUpToDate, edited, log)
	}

	// A file the package does not build still changes the directory,
	// which the stamp cannot see through.
	writeFile(t, filepath.Join(dir, "notes.txt"), "not Go\n")
	notes, log := p.prepare()
	if d := decision(t, log, notes); d != logReused || notes != edited {
		t.Errorf("Prepare after adding notes.txt: %q %s, want %q %s:\n%s", d, notes, logReused, edited, log)
	}

	backdate(t, dir)
	if _, log := p.prepare(); decision(t, log, edited) != logReused {
		t.Fatalf("Prepare after backdating again did not take the content route:\n%s", log)
	}
	if _, log := p.prepare(); decision(t, log, edited) != logUpToDate {
		t.Fatalf("Prepare after backdating again found no stamp:\n%s", log)
	}
	b := filepath.Join(dir, "b.go")
	writeFile(t, b, appBGo)
	added, log := p.prepare()
	if d := decision(t, log, added); d != logInstrumented {
		t.Fatalf("Prepare after adding b.go: %q, want %q:\n%s", d, logInstrumented, log)
	}
	replace = p.read(added)
	p.instrumented(replace, b, appBGo)
	p.instrumented(replace, src, appGoEdited)
}

// checkGoModCopy checks that the overlay replaces the module's go.mod
// with a copy that requires OpenTelemetry at the version otelgen injects,
// and nothing of ctxtrace, and supplies a go.sum.
func checkGoModCopy(t *testing.T, p *preparer, replace map[string]string, goMod string) {
	t.Helper()
	to, ok := replace[goMod]
	if !ok {
		t.Fatalf("the overlay does not replace %s: %v", goMod, replace)
	}
	p.inCache(to)
	data, err := os.ReadFile(to)
	if err != nil {
		t.Fatal(err)
	}
	f, err := modfile.Parse(to, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Module == nil || f.Module.Mod.Path != "example.com/app" {
		t.Errorf("the go.mod copy is not the module's:\n%s", data)
	}
	versions := make(map[string]string)
	for _, r := range f.Require {
		versions[r.Mod.Path] = r.Mod.Version
	}
	const otelModule = "go.opentelemetry.io/otel"
	otelVersion := rewrite.InjectedModules[otelModule]
	if v := versions[otelModule]; v != otelVersion {
		t.Errorf("the go.mod copy requires %s at %q, want %s:\n%s", otelModule, v, otelVersion, data)
	}
	for path := range versions {
		if strings.HasPrefix(path, "github.com/ctxtrace/") {
			t.Errorf("the go.mod copy requires %s: injected code must depend on OpenTelemetry alone:\n%s", path, data)
		}
	}
	sum, ok := replace[filepath.Join(filepath.Dir(goMod), "go.sum")]
	if !ok {
		t.Fatalf("the overlay supplies no go.sum: %v", replace)
	}
	p.inCache(sum)
	if data, err := os.ReadFile(sum); err != nil || !strings.Contains(string(data), otelModule+" "+otelVersion+" ") {
		t.Errorf("the go.sum copy has no checksum of %s %s (err %v):\n%s", otelModule, otelVersion, err, data)
	}
}
