package overlay

import (
	"bytes"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// OTelVersion is the OpenTelemetry release the templates are written and
// tested against; it is required when the module does not require
// OpenTelemetry yet.
const OTelVersion = "v1.47.0"

const (
	otelModule     = "go.opentelemetry.io/otel"
	ctxtraceModule = "github.com/ctxtrace/ctxtrace"
	// anyVersion is the version go mod tidy writes for a module that a
	// replace directive points at a directory.
	anyVersion = "v0.0.0-00010101000000-000000000000"
)

// requireInjectedImports makes the imports the injections added
// resolvable: when the main module does not provide one of them yet, it
// writes a copy of go.mod and go.sum that requires it (by `go get
// -modfile` on the copy, so the go command itself resolves versions and
// checksums) and returns the copies as overlay replacements. The user's
// go.mod is never written.
func requireInjectedImports(cfg Config, c *cache, snap *sourceSnapshot, edited []rewrite.Change) (map[string]string, error) {
	added, err := injectedImports(edited)
	if err != nil || len(added) == 0 {
		return nil, err
	}
	goMod := snap.env.GOMOD
	missing, required, err := unresolved(cfg, goMod, added)
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	switch {
	case snap.env.GOWORK != "" && snap.env.GOWORK != "off":
		return nil, fmt.Errorf("the injected code imports %s, which the workspace's modules do not require; add it with go get in the module that needs it", strings.Join(missing, ", "))
	case goMod == "" || goMod == os.DevNull:
		return nil, fmt.Errorf("the injected code imports %s, which needs a go.mod; otelgen builds only in module mode", strings.Join(missing, ", "))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(goMod), "vendor", "modules.txt")); err == nil && !slices.Contains(cfg.Rewrite.BuildFlags, "-mod=mod") {
		return nil, fmt.Errorf("the injected code imports %s, which vendor/ lacks: add it (go get, go mod vendor) or build with -mod=mod", strings.Join(missing, ", "))
	}
	modData, err := requireIn(cfg, c, goMod, missing, required)
	if err != nil {
		return nil, err
	}
	replace := make(map[string]string)
	for _, f := range []struct{ path, base string }{{goMod, "go.mod"}, {sumFile(goMod), "go.sum"}} {
		if replace[f.path], err = c.putFile(f.base, modData[f.base]); err != nil {
			return nil, err
		}
	}
	cfg.Log("%s does not provide %s: the overlay adds the requirements to a copy of it and its go.sum", goMod, strings.Join(missing, ", "))
	return replace, nil
}

// injectedImports lists the import paths the rewritten files have and
// their originals did not.
func injectedImports(edited []rewrite.Change) ([]string, error) {
	var added []string
	for _, ch := range edited {
		before, err := importsOf(ch.Path, ch.Old)
		if err != nil {
			return nil, err
		}
		after, err := importsOf(ch.Path, ch.New)
		if err != nil {
			return nil, err
		}
		for _, p := range after {
			if !slices.Contains(before, p) && !slices.Contains(added, p) {
				added = append(added, p)
			}
		}
	}
	slices.Sort(added)
	return added, nil
}

func importsOf(path string, src []byte) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	var paths []string
	for _, spec := range f.Imports {
		p, _ := strconv.Unquote(spec.Path.Value)
		paths = append(paths, p)
	}
	return paths, nil
}

// unresolved returns the injected import paths the main module cannot
// build against as its go.mod stands: a path no required module provides,
// or, since Go 1.17 requires go.mod to list every module that provides a
// package of the build, a path whose imports come from modules go.mod
// does not list. required is what go.mod requires.
func unresolved(cfg Config, goMod string, paths []string) (missing []string, required map[string]bool, err error) {
	required = make(map[string]bool)
	if data, err := os.ReadFile(goMod); err == nil {
		if mf, err := modfile.ParseLax(goMod, data, nil); err == nil {
			for _, r := range mf.Require {
				required[r.Mod.Path] = true
			}
		}
	}
	args := slices.Concat([]string{"list", "-e", "-deps", "-f",
		"{{.ImportPath}} {{if .Error}}!{{else}}{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}{{end}}"},
		cfg.Rewrite.BuildFlags, paths)
	out, err := runGo(cfg, args...)
	if err != nil {
		return nil, nil, err
	}
	incomplete := false
	for line := range strings.Lines(out) {
		pkg, mod, _ := strings.Cut(strings.TrimSpace(line), " ")
		if mod == "" {
			continue // the standard library or the main module
		}
		if mod == "!" || !required[mod] {
			incomplete = true
			if slices.Contains(paths, pkg) {
				missing = append(missing, pkg)
			}
		}
	}
	if incomplete && len(missing) == 0 {
		missing = paths // the paths resolve; modules their imports need do not
	}
	return missing, required, nil
}

// requireIn returns a go.mod and go.sum (keyed by those names) that are
// the module's with the modules providing paths added.
func requireIn(cfg Config, c *cache, goMod string, paths []string, required map[string]bool) (map[string][]byte, error) {
	if err := os.MkdirAll(filepath.Join(c.root, "tmp"), 0o777); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Join(c.root, "tmp"), "gomod-")
	if err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	defer os.RemoveAll(tmp)
	files := map[string]string{"go.mod": goMod, "go.sum": sumFile(goMod)}
	for base, from := range files {
		data, err := os.ReadFile(from)
		if err != nil && !(base == "go.sum" && os.IsNotExist(err)) {
			return nil, fmt.Errorf("read %w", err)
		}
		if err := os.WriteFile(filepath.Join(tmp, base), data, 0o666); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	copyMod := filepath.Join(tmp, "go.mod")
	// Require each missing module once, by its module path: a package path
	// makes go get ask the proxy for a module of that path first, which
	// fails for a development version. The modules the packages import
	// from are required below.
	var gets []string
	for _, p := range paths {
		mod := injectedModuleOf(p)
		switch {
		case mod == "":
			return nil, fmt.Errorf("the injected code imports %s, which %s does not provide; add it with go get", p, goMod)
		case required[mod] || slices.ContainsFunc(gets, func(g string) bool { return strings.HasPrefix(g, mod+"@") }):
			continue // keep the version the module chose; only its dependencies are missing
		}
		version := OTelVersion
		if mod == ctxtraceModule {
			v, dir, err := ctxtraceRequirement()
			if err != nil {
				return nil, err
			}
			if dir != "" {
				if _, err := runGo(cfg, "mod", "edit", "-replace="+ctxtraceModule+"="+dir, copyMod); err != nil {
					return nil, err
				}
			}
			version = v
		}
		gets = append(gets, mod+"@"+version)
	}
	if len(gets) > 0 {
		if _, err := runGo(cfg, slices.Concat([]string{"get", "-modfile=" + copyMod}, gets)...); err != nil {
			return nil, fmt.Errorf("adding %s to a copy of %s: %w", strings.Join(gets, " "), goMod, err)
		}
	}
	// Since Go 1.17 a go.mod must require every module that provides a
	// package the build imports (rewrite/setup's exporters, say): require
	// the modules the injected imports' dependencies resolve to, at the
	// versions the module graph already selects.
	out, err := runGo(cfg, slices.Concat([]string{"list", "-modfile=" + copyMod, "-mod=mod", "-deps",
		"-f", "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}"}, paths)...)
	if err != nil {
		return nil, fmt.Errorf("resolving %s with a copy of %s: %w", strings.Join(paths, " "), goMod, err)
	}
	if deps := slices.Compact(slices.Sorted(slices.Values(strings.Fields(out)))); len(deps) > 0 {
		if _, err := runGo(cfg, slices.Concat([]string{"get", "-modfile=" + copyMod}, deps)...); err != nil {
			return nil, fmt.Errorf("adding %s to a copy of %s: %w", strings.Join(deps, " "), goMod, err)
		}
	}
	// go get records the checksums of the modules it added; loading the
	// imported packages records those of the modules they import in turn.
	if _, err := runGo(cfg, slices.Concat([]string{"list", "-modfile=" + copyMod, "-mod=mod", "-deps"}, paths)...); err != nil {
		return nil, fmt.Errorf("resolving %s with a copy of %s: %w", strings.Join(paths, " "), goMod, err)
	}
	result := make(map[string][]byte)
	for base := range files {
		if result[base], err = os.ReadFile(filepath.Join(tmp, base)); err != nil {
			return nil, fmt.Errorf("cache: %w", err)
		}
	}
	return result, nil
}

// otelModuleOf returns the module of an OpenTelemetry API package: the
// API's packages live in the root module except those that are modules
// of their own.
func otelModuleOf(pkg string) string {
	for _, m := range []string{"go.opentelemetry.io/otel/trace", "go.opentelemetry.io/otel/metric", "go.opentelemetry.io/otel/log"} {
		if pkg == m || strings.HasPrefix(pkg, m+"/") {
			return m
		}
	}
	return otelModule
}

// injectedModuleOf returns the module an injected import comes from, or
// "" for one otelgen does not know (from a user's template).
func injectedModuleOf(pkg string) string {
	switch {
	case pkg == otelModule || strings.HasPrefix(pkg, otelModule+"/"):
		return otelModuleOf(pkg)
	case strings.HasPrefix(pkg, ctxtraceModule+"/"):
		return ctxtraceModule
	}
	return ""
}

// ctxtraceRequirement says how the instrumented module can require the
// run-time package otelgen injects (rewrite/carry): at the release otelgen
// was installed from or, for a development build, from the checkout it was
// built in, through a replace directive in the go.mod copy.
func ctxtraceRequirement() (version, replaceDir string, err error) {
	var v string
	clean := false
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == ctxtraceModule {
		v, clean = bi.Main.Version, releaseBuild(bi.Main)
	}
	if clean && !module.IsPseudoVersion(v) {
		return v, "", nil
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		dir := filepath.Dir(filepath.Dir(filepath.Dir(file))) // <root>/rewrite/overlay/gomod.go
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && modfile.ModulePath(data) == ctxtraceModule {
			return anyVersion, dir, nil
		}
	}
	if clean {
		return v, "", nil
	}
	return "", "", errors.New("this otelgen is a development build whose source is gone, so the overlay cannot require " +
		ctxtraceModule + "; add it to go.mod yourself, or build with -pipelines=false")
}

func runGo(cfg Config, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = cfg.Rewrite.Dir
	cmd.Env = cfg.Rewrite.Env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("go %s: %s", args[0], msg)
	}
	return stdout.String(), nil
}
