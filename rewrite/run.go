package rewrite

import (
	"bytes"
	"fmt"
	"go/format"
	"maps"
	"slices"
	"strings"

	"github.com/dave/dst/decorator"
	"golang.org/x/tools/go/packages"
)

// Run loads the packages patterns match (default ".") and returns every
// file that injecting, or with cfg.Strip stripping, would change. It writes
// nothing. Injecting into code that already carries injections first
// strips them, so a second run changes nothing and `strip` restores the
// original bytes. Stripping needs no type information, so it works on code
// that no longer builds (injected imports the module does not provide).
func Run(cfg Config, patterns ...string) ([]Change, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	if cfg.Strip {
		pkgs, err := list(cfg, patterns...)
		if err != nil {
			return nil, err
		}
		earlier, err := stripPackages(cfg, pkgs)
		if err != nil {
			return nil, err
		}
		return collectChanges(earlier.originals, earlier.result()), nil
	}
	tmpls, err := loadTemplates(cfg.Templates)
	if err != nil {
		return nil, err
	}
	earlier, pkgs, err := loadStripped(cfg, patterns)
	if err != nil {
		return nil, err
	}
	for _, pkg := range pkgs {
		for _, name := range pkg.GoFiles {
			// A file that imports "C" is type-checked as cgo's output,
			// whose positions are not the file's own.
			if !strings.HasSuffix(name, "_test.go") && !slices.Contains(pkg.CompiledGoFiles, name) {
				cfg.Log("%s: uses cgo: left alone", relName(name))
			}
		}
	}
	injected := earlier.result()
	for _, pkg := range pkgs {
		out, err := injectPackage(cfg, tmpls, pkg)
		if err != nil {
			return nil, err
		}
		maps.Copy(injected, out)
	}
	return collectChanges(earlier.originals, injected), nil
}

// loadStripped loads the packages as they are without earlier injections.
// Code that does not load as it stands (an injected import the module
// does not provide) is stripped first and loaded again, so that the error
// reported is the code's own.
func loadStripped(cfg Config, patterns []string) (*stripped, []*packages.Package, error) {
	pkgs, err := load(cfg, nil, patterns...)
	if err != nil {
		listed, lerr := list(cfg, patterns...)
		if lerr != nil {
			return nil, nil, err
		}
		earlier, serr := stripPackages(cfg, listed)
		if serr != nil || len(earlier.sources) == 0 {
			return nil, nil, err
		}
		if pkgs, err = load(cfg, earlier.sources, patterns...); err != nil {
			return nil, nil, err
		}
		return earlier, pkgs, nil
	}
	earlier, err := stripPackages(cfg, pkgs)
	if err != nil {
		return nil, nil, err
	}
	if len(earlier.sources) > 0 {
		if pkgs, err = load(cfg, earlier.sources, patterns...); err != nil {
			return nil, nil, fmt.Errorf("after removing earlier injections: %w", err)
		}
	}
	return earlier, pkgs, nil
}

// stripped is what removing earlier injections from packages gives.
type stripped struct {
	// originals holds the files otelgen may change, as they are now.
	originals map[string][]byte
	// sources holds the files that carried injections, without them: what
	// the packages are loaded with before injecting afresh.
	sources map[string][]byte
	// support lists the support files among them, which strip removes.
	support []string
}

// result is the content of every file after stripping; a support file's
// is nil: it is removed.
func (s *stripped) result() map[string][]byte {
	out := maps.Clone(s.sources)
	for _, name := range s.support {
		out[name] = nil
	}
	return out
}

// stripPackages reads the files of pkgs that otelgen may change and
// strips those that carry injections. It reads the files' sources itself
// (pkgs need no syntax), so it serves packages that do not type-check.
func stripPackages(cfg Config, pkgs []*packages.Package) (*stripped, error) {
	s := &stripped{originals: make(map[string][]byte), sources: make(map[string][]byte)}
	for _, pkg := range pkgs {
		for _, name := range pkg.GoFiles {
			if strings.HasSuffix(name, "_test.go") || s.originals[name] != nil {
				continue
			}
			src, err := readFile(cfg, name)
			if err != nil {
				return nil, err
			}
			if isSupportFile(name, src) {
				s.originals[name] = src
				s.sources[name] = supportPlaceholder(pkg.Name)
				s.support = append(s.support, name)
				continue
			}
			if !mayChange(name, src) {
				continue
			}
			s.originals[name] = src
			if hasInjections(src) {
				out, err := stripSource(name, src)
				if err != nil {
					return nil, err
				}
				s.sources[name] = out
			}
		}
	}
	return s, nil
}

// collectChanges compares the files' new content with the old. A file
// missing from originals is created; a nil content removes the file.
func collectChanges(originals, updated map[string][]byte) []Change {
	var changes []Change
	for name, src := range updated {
		old, ok := originals[name]
		switch {
		case !ok && src != nil:
			changes = append(changes, Change{Path: name, New: src})
		case ok && (src == nil || !bytes.Equal(old, src)):
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
