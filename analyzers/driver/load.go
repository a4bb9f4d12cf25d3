package driver

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// load loads the packages named by patterns with their syntax and types,
// and those of all dependencies when an analyzer needs facts from them.
// It fails only when loading as a whole fails; errors in individual
// packages are in the packages, for loadErrors.
func (r *run) load(patterns []string) ([]*packages.Package, error) {
	mode := packages.LoadSyntax
	if needFacts(r.analyzers) {
		mode = packages.LoadAllSyntax
	}
	env := r.Env
	if env == nil {
		env = os.Environ()
	}
	env, modFile, err := golist.MoveGOFLAGSModFile(env)
	if err != nil {
		return nil, err
	}
	cfg := &packages.Config{
		Mode:  mode | packages.NeedModule | packages.NeedForTest,
		Dir:   r.dir,
		Env:   env,
		Tests: r.opts.tests,
	}
	if modFile != "" {
		cfg.BuildFlags = []string{"-modfile=" + modFile}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, golist.LoadError(err)
	}
	if len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	return pkgs, err
}

// needFacts reports whether any analyzer, or one it requires, uses facts.
func needFacts(analyzers []*analysis.Analyzer) bool {
	seen := make(map[*analysis.Analyzer]bool)
	queue := append([]*analysis.Analyzer(nil), analyzers...)
	for len(queue) > 0 {
		a := queue[0]
		queue = queue[1:]
		if seen[a] {
			continue
		}
		seen[a] = true
		if len(a.FactTypes) > 0 {
			return true
		}
		queue = append(queue, a.Requires...)
	}
	return false
}

// loadErrors returns the errors of the packages and modules in the
// import graph of pkgs, each once (a package and its test variant report
// the same errors), with paths shortened like go vet's.
func (r *run) loadErrors(pkgs []*packages.Package) []string {
	var lines []string
	seen := make(map[string]bool)
	add := func(line string) {
		line = golist.Line(line)
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	seenModules := make(map[*packages.Module]bool)
	positions := make(map[string]bool)
	parseFailed := make(map[string]bool)
	for pkg := range packages.Postorder(pkgs) {
		typeErrors := slices.ContainsFunc(pkg.Errors, func(err packages.Error) bool {
			return err.Kind == packages.ParseError || err.Kind == packages.TypeError
		})
		for _, err := range pkg.Errors {
			// Loading from export data has go list compile the package,
			// and the compiler's "# path" report repeats the type
			// checker's errors.
			if err.Kind == packages.ListError && typeErrors && strings.HasPrefix(err.Msg, "# ") {
				continue
			}
			pos := r.shortPos(err.Pos)
			// An import that go list could not resolve is reported
			// again by the type checker of the importer (visited after
			// its imports), at the same place.
			if err.Kind == packages.TypeError && positions[pos] && strings.HasPrefix(err.Msg, "could not import ") {
				continue
			}
			// go/parser reports the errors that follow from a syntax
			// error too, some of them past the mistake; go build and go
			// vet print only the first of a file.
			if err.Kind == packages.ParseError {
				file := lineCol.ReplaceAllString(err.Pos, "")
				if parseFailed[file] {
					continue
				}
				parseFailed[file] = true
			}
			positions[pos] = true
			msg := r.shortenPaths(err.Msg)
			if err.Pos != "" {
				msg = pos + ": " + msg
			}
			add(msg)
		}
		if mod := pkg.Module; mod != nil && mod.Error != nil && !seenModules[mod] {
			seenModules[mod] = true
			add(r.shortenPaths(mod.Error.Err))
		}
	}
	return lines
}

// lineCol matches the line and column that end a position.
var lineCol = regexp.MustCompile(`(:\d+){1,2}$`)

// moduleRoot returns the directory %SRCROOT% stands for in SARIF logs:
// the main module's root, or the closest directory holding every main
// module of a workspace; the working directory outside modules.
func (r *run) moduleRoot(pkgs []*packages.Package) string {
	var root string
	seen := make(map[string]bool)
	for _, pkg := range pkgs {
		mod := pkg.Module
		if mod == nil || !mod.Main || mod.Dir == "" || seen[mod.Dir] {
			continue
		}
		seen[mod.Dir] = true
		if root == "" {
			root = mod.Dir
		} else {
			root = commonDir(root, mod.Dir)
		}
	}
	if root == "" {
		return r.dir
	}
	return root
}

func commonDir(a, b string) string {
	for {
		if rel, err := filepath.Rel(a, b); err == nil && filepath.IsLocal(rel) {
			return a
		}
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
}
