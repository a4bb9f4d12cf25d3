package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// InjectedModules are the modules injected code imports from, at the
// releases the templates are written and tested against (this
// repository's go.mod requires the same). A module that does not require
// one yet gets it at this version.
var InjectedModules = map[string]string{
	"go.opentelemetry.io/otel":                         "v1.47.0",
	"go.opentelemetry.io/otel/trace":                   "v1.47.0",
	"go.opentelemetry.io/otel/metric":                  "v1.47.0",
	"go.opentelemetry.io/otel/sdk":                     "v1.47.0",
	"go.opentelemetry.io/contrib/exporters/autoexport": "v0.72.0",
}

// requirementMark ends the comment of every go.mod requirement otelgen
// added, so that strip can take exactly those out again.
const requirementMark = "otelgen:gen"

// goWas follows the mark on a go line that -w raised, before the version
// it had; versionWas likewise on a requirement that -w raised.
const (
	goWas      = "was go "
	versionWas = "was "
)

// ModuleChanges returns the changes to the main module's go.mod and go.sum
// that go with changes, the result of Run with the same cfg. Injecting:
// requirements for the modules the injected imports come from, when the
// module does not provide them yet, resolved by the go command itself (go
// get on a copy of go.mod and go.sum), each marked with a comment. With
// cfg.Strip: the marked requirements are removed again, with their go.sum
// lines, unless the module's code still imports from them.
func ModuleChanges(cfg Config, changes []Change) ([]Change, error) {
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	var added []string
	if !cfg.Strip {
		var err error
		if added, err = injectedImports(changes); err != nil || len(added) == 0 {
			return nil, err
		}
	}
	goMod, inWorkspace, err := mainGoMod(cfg)
	if err != nil || goMod == "" && !inWorkspace {
		return nil, err
	}
	if cfg.Strip {
		if inWorkspace {
			return nil, nil
		}
		return unrequire(cfg, goMod, changes)
	}
	missing, required, err := unresolved(cfg, goMod, added)
	if err != nil || len(missing) == 0 {
		return nil, err
	}
	if inWorkspace {
		// A workspace's modules each keep their own requirements: which
		// one a package's imports belong to is theirs to say.
		return nil, fmt.Errorf("the injected code imports %s, which the workspace's modules do not require; add it with go get in the module that needs it", strings.Join(missing, ", "))
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(goMod), "vendor", "modules.txt")); err == nil && !slices.Contains(cfg.BuildFlags, "-mod=mod") {
		return nil, fmt.Errorf("the injected code imports %s, which vendor/ lacks: add it (go get, go mod vendor) or build with -mod=mod", strings.Join(missing, ", "))
	}
	changes, err = requireIn(cfg, goMod, missing, required)
	if err == nil && len(changes) > 0 {
		cfg.Log("%s does not provide %s: adding the requirements", relName(goMod), strings.Join(missing, ", "))
	}
	return changes, err
}

// mainGoMod returns the go.mod file the go command uses in cfg.Dir (the
// -modfile among the build flags, if any), "" outside a module, and
// whether a go.work workspace is in use instead.
func mainGoMod(cfg Config) (goMod string, inWorkspace bool, err error) {
	out, err := runGo(cfg, "env", "GOMOD", "GOWORK")
	if err != nil {
		return "", false, err
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	goMod, goWork := strings.TrimSpace(lines[0]), ""
	if len(lines) > 1 {
		goWork = strings.TrimSpace(lines[1])
	}
	if goWork != "" && goWork != "off" {
		return "", true, nil
	}
	if goMod == os.DevNull || goMod == "" {
		return "", false, nil
	}
	for _, flag := range cfg.BuildFlags {
		if file, ok := strings.CutPrefix(flag, "-modfile="); ok {
			if !filepath.IsAbs(file) {
				file = filepath.Join(cfg.Dir, file)
			}
			goMod, err = filepath.Abs(file)
			return goMod, false, err
		}
	}
	return goMod, false, nil
}

// sumFile returns the go.sum that goes with a go.mod (or -modfile) file.
func sumFile(goMod string) string {
	return strings.TrimSuffix(goMod, filepath.Ext(goMod)) + ".sum"
}

// injectedImports lists the import paths outside the standard library
// that the injected code of the changed files imports: the marked imports,
// and every import of a support file. Imports an earlier run injected
// count too: they may be what the module lacks.
func injectedImports(changes []Change) ([]string, error) {
	var added []string
	for _, ch := range changes {
		if !strings.HasSuffix(ch.Path, ".go") || ch.New == nil {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), ch.Path, ch.New, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return nil, err
		}
		support := isSupportFile(ch.Path, ch.New)
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			marked := spec.Comment != nil && slices.ContainsFunc(spec.Comment.List, func(c *ast.Comment) bool {
				return c.Text == marker || strings.HasPrefix(c.Text, marker+" ")
			})
			if (support || marked) && !isStdPath(p) && !slices.Contains(added, p) {
				added = append(added, p)
			}
		}
	}
	slices.Sort(added)
	return added, nil
}

func importsOf(path string, src []byte) ([]string, error) {
	if src == nil {
		return nil, nil
	}
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
	// -mod=readonly last: with GOFLAGS=-mod=mod the go command would add
	// what is missing to the user's go.mod itself, even for otelgen -d.
	args := slices.Concat([]string{"list", "-e", "-deps", "-f",
		"{{.ImportPath}} {{if .Error}}!{{else}}{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}{{end}}"},
		cfg.BuildFlags, []string{"-mod=readonly"}, paths)
	out, err := runGo(cfg, args...)
	if err != nil {
		// A go.mod the go command would update (under GOFLAGS=-mod=mod it
		// does so itself) is resolved on the copy like a missing import.
		if strings.Contains(err.Error(), "updates to go.mod needed") {
			return paths, required, nil
		}
		return nil, nil, err
	}
	incomplete := false
	for line := range strings.Lines(out) {
		pkg, mod, _ := strings.Cut(strings.TrimSpace(line), " ")
		if mod == "" {
			continue // the standard library or the main module
		}
		if mod == "!" || goMod != "" && !required[mod] {
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

// injectedModuleOf returns the module an injected import comes from, or
// "" for one otelgen does not know (from a user's template).
func injectedModuleOf(pkg string) string {
	modules := make(map[string]bool)
	for mod := range InjectedModules {
		modules[mod] = true
	}
	return moduleOf(pkg, modules)
}

// requireIn returns the changes to goMod and its go.sum that require the
// modules providing paths: go get and go list run on copies, so the go
// command resolves versions and checksums, and the user's files change
// only when the changes are written.
func requireIn(cfg Config, goMod string, paths []string, required map[string]bool) ([]Change, error) {
	tmp, err := os.MkdirTemp("", "otelgen-gomod-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	files := []struct{ from, copy string }{{goMod, filepath.Join(tmp, "go.mod")}, {sumFile(goMod), filepath.Join(tmp, "go.sum")}}
	olds := make([][]byte, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f.from)
		if err != nil && !(i == 1 && os.IsNotExist(err)) {
			return nil, fmt.Errorf("read %w", err)
		}
		olds[i] = data
		if err := os.WriteFile(f.copy, data, 0o666); err != nil {
			return nil, err
		}
	}
	copyMod := files[0].copy
	var gets []string
	for _, p := range paths {
		mod := injectedModuleOf(p)
		switch {
		case mod == "":
			return nil, fmt.Errorf("the injected code imports %s, which %s does not provide; add it with go get", p, relName(goMod))
		case required[mod] || slices.Contains(gets, mod+"@"+InjectedModules[mod]):
			continue // keep the version the module chose; only its dependencies are missing
		}
		gets = append(gets, mod+"@"+InjectedModules[mod])
	}
	if len(gets) > 0 {
		if _, err := runGo(cfg, slices.Concat([]string{"get", "-modfile=" + copyMod}, gets)...); err != nil {
			return nil, fmt.Errorf("adding %s to %s: %w", strings.Join(gets, " "), relName(goMod), err)
		}
	}
	// Since Go 1.17 a go.mod must require every module that provides a
	// package the build imports (the setup's exporters, say): require the
	// modules the injected imports' dependencies resolve to, at the
	// versions the module graph already selects.
	out, err := runGo(cfg, slices.Concat([]string{"list", "-modfile=" + copyMod, "-mod=mod", "-deps",
		"-f", "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}"}, paths)...)
	if err != nil {
		return nil, fmt.Errorf("resolving %s with %s: %w", strings.Join(paths, " "), relName(goMod), err)
	}
	if deps := slices.Compact(slices.Sorted(slices.Values(strings.Fields(out)))); len(deps) > 0 {
		if _, err := runGo(cfg, slices.Concat([]string{"get", "-modfile=" + copyMod}, deps)...); err != nil {
			return nil, fmt.Errorf("adding %s to %s: %w", strings.Join(deps, " "), relName(goMod), err)
		}
	}
	// go get records the checksums of the modules it added; loading the
	// module's packages, tests included, records those of every module
	// they import in turn, whose requirements the upgrade may have raised.
	if _, err := runGo(cfg, slices.Concat([]string{"list", "-modfile=" + copyMod, "-mod=mod", "-e", "-test", "-deps"}, cfg.BuildFlags, []string{"all"})...); err != nil {
		return nil, fmt.Errorf("resolving the packages of %s: %w", relName(goMod), err)
	}
	newMod, err := os.ReadFile(copyMod)
	if err != nil {
		return nil, err
	}
	direct := make(map[string]bool)
	for _, p := range paths {
		direct[injectedModuleOf(p)] = true
	}
	if newMod, err = markAdded(copyMod, olds[0], newMod, direct); err != nil {
		return nil, err
	}
	newSum, err := os.ReadFile(files[1].copy)
	if err != nil {
		return nil, err
	}
	var changes []Change
	for i, data := range [][]byte{newMod, newSum} {
		if !bytes.Equal(olds[i], data) {
			changes = append(changes, Change{Path: files[i].from, Old: olds[i], New: data})
		}
	}
	return changes, nil
}

// markAdded appends the requirement mark to the comment of every
// requirement newMod has and oldMod did not. go get ran before the
// injected code exists, so it calls the modules that code imports from,
// direct, indirect requirements: they are direct ones.
func markAdded(name string, oldMod, newMod []byte, direct map[string]bool) ([]byte, error) {
	before, err := modfile.ParseLax(name, oldMod, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", relName(name), err)
	}
	had := make(map[string]string)
	for _, r := range before.Require {
		had[r.Mod.Path] = r.Mod.Version
	}
	after, err := modfile.Parse(name, newMod, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", relName(name), err)
	}
	changed := false
	reqs := make([]*modfile.Require, 0, len(after.Require))
	moved := false
	for _, r := range after.Require {
		_, kept := had[r.Mod.Path]
		indirect := r.Indirect && !(direct[r.Mod.Path] && !kept)
		moved = moved || indirect != r.Indirect
		reqs = append(reqs, &modfile.Require{Mod: r.Mod, Indirect: indirect})
	}
	if moved {
		after.SetRequireSeparateIndirect(reqs)
		after.Cleanup()
		if after, err = modfile.Parse(name, modfile.Format(after.Syntax), nil); err != nil {
			return nil, fmt.Errorf("%s: %w", relName(name), err)
		}
		changed = true
	}
	// go get raises the go line as the new requirements need; strip puts
	// back the version the comment records.
	if before.Go != nil && after.Go != nil && before.Go.Version != after.Go.Version && len(after.Go.Syntax.Comments.Suffix) == 0 {
		after.Go.Syntax.Comments.Suffix = []modfile.Comment{{Token: "// " + requirementMark + " " + goWas + before.Go.Version, Suffix: true}}
		changed = true
	}
	for _, r := range after.Require {
		mark := requirementMark
		switch old, kept := had[r.Mod.Path]; {
		case kept && old == r.Mod.Version:
			continue
		case kept:
			// Raised by what the new requirements need: strip puts the
			// version back.
			mark += " " + versionWas + old
		}
		suffix := &r.Syntax.Comments.Suffix
		if len(*suffix) == 0 {
			*suffix = []modfile.Comment{{Token: "// " + mark, Suffix: true}}
		} else {
			(*suffix)[0].Token += "; " + mark
		}
		changed = true
	}
	if !changed {
		return newMod, nil
	}
	return modfile.Format(after.Syntax), nil
}

func runGo(cfg Config, args ...string) (string, error) {
	return golist.Go(cfg.Dir, cfg.Env, args...)
}

// unrequire returns the changes to goMod and its go.sum that remove the
// requirements otelgen added, unless the module's Go files, with changes
// applied, still import from one of them: then they are the module's now.
func unrequire(cfg Config, goMod string, changes []Change) ([]Change, error) {
	data, err := os.ReadFile(goMod)
	if err != nil || !bytes.Contains(data, []byte(requirementMark)) {
		return nil, nil
	}
	mf, err := modfile.Parse(goMod, data, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", relName(goMod), err)
	}
	added := make(map[string]bool)
	raised := make(map[string]string) // module path -> the version before -w
	for _, r := range mf.Require {
		for i, c := range r.Syntax.Comments.Suffix {
			before, words, ok := strings.Cut(c.Token, requirementMark)
			if !ok {
				continue
			}
			if was, ok := strings.CutPrefix(strings.TrimSpace(words), versionWas); ok {
				raised[r.Mod.Path] = strings.TrimSpace(was)
				r.Syntax.Comments.Suffix[i].Token = strings.TrimSuffix(strings.TrimSpace(before), ";")
			} else {
				added[r.Mod.Path] = true
			}
		}
	}
	if len(added) == 0 && len(raised) == 0 {
		return nil, nil
	}
	if user, ok := importerOf(filepath.Dir(goMod), changes, added); ok {
		cfg.Log("%s: keeps the requirements otelgen added: %s imports from them", relName(goMod), relName(user))
		return nil, nil
	}
	for path := range added {
		if err := mf.DropRequire(path); err != nil {
			return nil, err
		}
	}
	for _, r := range mf.Require {
		if was, ok := raised[r.Mod.Path]; ok {
			if suffix := r.Syntax.Comments.Suffix; len(suffix) == 1 && strings.TrimSpace(suffix[0].Token) == "//" {
				r.Syntax.Comments.Suffix = nil
			}
			r.Mod.Version = was
			r.Syntax.Token[len(r.Syntax.Token)-1] = was
		}
	}
	if mf.Go != nil && len(mf.Go.Syntax.Comments.Suffix) == 1 {
		_, was, ok := strings.Cut(mf.Go.Syntax.Comments.Suffix[0].Token, requirementMark+" "+goWas)
		if ok {
			mf.Go.Syntax.Comments.Suffix = nil
			if err := mf.AddGoStmt(strings.TrimSpace(was)); err != nil {
				return nil, err
			}
		}
	}
	mf.Cleanup()
	newMod := modfile.Format(mf.Syntax)
	changes = []Change{{Path: goMod, Old: data, New: newMod}}
	sumPath := sumFile(goMod)
	sum, err := os.ReadFile(sumPath)
	if err != nil {
		return changes, nil
	}
	graph, err := moduleGraph(cfg, newMod, sum)
	if err != nil {
		return nil, err
	}
	// A checksum the module graph without otelgen's requirements does not
	// need was added with them (or was stale already).
	var kept []byte
	for line := range bytes.Lines(sum) {
		mod, rest, _ := strings.Cut(string(line), " ")
		version, _, _ := strings.Cut(rest, " ")
		if graph[mod+"@"+strings.TrimSuffix(version, "/go.mod")] {
			kept = append(kept, line...)
		}
	}
	switch {
	case len(kept) == 0:
		changes = append(changes, Change{Path: sumPath, Old: sum}) // -w created it
	case !bytes.Equal(kept, sum):
		changes = append(changes, Change{Path: sumPath, Old: sum, New: kept})
	}
	return changes, nil
}

// moduleGraph returns every module version the module graph of a go.mod
// with content modData holds, by go mod graph on a copy.
func moduleGraph(cfg Config, modData, sumData []byte) (map[string]bool, error) {
	tmp, err := os.MkdirTemp("", "otelgen-gomod-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	copyMod := filepath.Join(tmp, "go.mod")
	if err := os.WriteFile(copyMod, modData, 0o666); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "go.sum"), sumData, 0o666); err != nil {
		return nil, err
	}
	out, err := runGo(cfg, "mod", "graph", "-modfile="+copyMod)
	if err != nil {
		return nil, fmt.Errorf("the module graph without otelgen's requirements: %w", err)
	}
	graph := make(map[string]bool)
	for _, m := range strings.Fields(out) {
		graph[m] = true
	}
	return graph, nil
}

// importerOf returns a Go file of the module rooted at root that, with
// changes applied, imports a package of one of modules. A file that does
// not parse counts as one: what it imports cannot be known.
func importerOf(root string, changes []Change, modules map[string]bool) (string, bool) {
	content := make(map[string][]byte)
	for _, c := range changes {
		content[c.Path] = c.New
	}
	found := ""
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || found != "" {
			return filepath.SkipDir
		}
		if d.IsDir() {
			name := d.Name()
			if path != root && (name == "vendor" || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil && path != root {
				return filepath.SkipDir // another module
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		src, changed := content[path]
		if changed && src == nil {
			return nil // removed
		}
		if !changed {
			if src, err = os.ReadFile(path); err != nil {
				return nil
			}
		}
		imports, err := importsOf(path, src)
		if err != nil {
			found = path
			return filepath.SkipAll
		}
		for _, p := range imports {
			if mod := moduleOf(p, modules); mod != "" {
				found = path
				return filepath.SkipAll
			}
		}
		return nil
	})
	return found, found != ""
}

// moduleOf returns the module among modules that provides pkg, or "".
func moduleOf(pkg string, modules map[string]bool) string {
	best := ""
	for mod := range modules {
		if (pkg == mod || strings.HasPrefix(pkg, mod+"/")) && len(mod) > len(best) {
			best = mod
		}
	}
	return best
}
