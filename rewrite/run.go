package rewrite

import (
	"bytes"
	"fmt"
	"go/format"
	"slices"
	"strings"

	"github.com/dave/dst/decorator"
)

// Run loads the packages patterns match (default ".") and returns every
// file that injecting, or with cfg.Strip stripping, would change. It writes
// nothing. Injecting into code that already carries injections first
// strips them, so a second run changes nothing and `strip` restores the
// original bytes.
func Run(cfg Config, patterns ...string) ([]Change, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	var tmpls templateSet
	if !cfg.Strip {
		var err error
		if tmpls, err = loadTemplates(cfg.Templates); err != nil {
			return nil, err
		}
	}
	pkgs, err := load(cfg, nil, patterns...)
	if err != nil {
		return nil, err
	}
	originals := make(map[string][]byte)
	stripped := make(map[string][]byte)
	for _, pkg := range pkgs {
		for _, name := range pkg.GoFiles {
			// A file that imports "C" is type-checked as cgo's output,
			// whose positions are not the file's own.
			if !strings.HasSuffix(name, "_test.go") && !slices.Contains(pkg.CompiledGoFiles, name) {
				cfg.Log("%s: uses cgo: left alone", relName(name))
			}
		}
		for _, af := range pkg.Syntax {
			name := pkg.Fset.File(af.FileStart).Name()
			if !instrumentable(pkg, name, af) {
				continue
			}
			src, err := readFile(cfg, name)
			if err != nil {
				return nil, err
			}
			originals[name] = src
			if hasInjections(src) {
				out, err := stripSource(name, src)
				if err != nil {
					return nil, err
				}
				stripped[name] = out
			}
		}
	}
	if cfg.Strip {
		return collectChanges(originals, stripped), nil
	}
	if len(stripped) > 0 {
		if pkgs, err = load(cfg, stripped, patterns...); err != nil {
			return nil, fmt.Errorf("after removing earlier injections: %w", err)
		}
	}
	injected := make(map[string][]byte)
	for name, src := range stripped {
		injected[name] = src
	}
	for _, pkg := range pkgs {
		out, err := injectPackage(cfg, tmpls, pkg)
		if err != nil {
			return nil, err
		}
		for name, src := range out {
			injected[name] = src
		}
	}
	return collectChanges(originals, injected), nil
}

func collectChanges(originals, updated map[string][]byte) []Change {
	var changes []Change
	for name, src := range updated {
		if old, ok := originals[name]; ok && !bytes.Equal(old, src) {
			changes = append(changes, Change{Path: name, Old: old, New: src})
		}
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Path, b.Path) })
	return changes
}

// stripSource removes earlier injections from one file's source.
func stripSource(name string, src []byte) ([]byte, error) {
	f, err := decorator.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("strip %s: %w", name, err)
	}
	if !strip(f) {
		return src, nil
	}
	var buf bytes.Buffer
	if err := decorator.Fprint(&buf, f); err != nil {
		return nil, fmt.Errorf("strip %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// formatted checks that printed output is valid, gofmt-clean Go.
func formatted(name string, src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		return nil, fmt.Errorf("rewrite %s: produced invalid Go (please report this): %w", name, err)
	}
	return out, nil
}
