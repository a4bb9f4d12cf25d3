// Package overlay builds instrumented Go without touching the source tree:
// it rewrites packages into a content-addressed cache and writes a go
// command -overlay file that substitutes the instrumented files (and, when
// the injected imports need it, a go.mod and go.sum that require
// OpenTelemetry) for the user's.
package overlay

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// Config says what to instrument. Rewrite's Dir, Env and BuildFlags are
// also what the go command is run with.
type Config struct {
	Rewrite rewrite.Config
	// UserOverlay is an -overlay file the user passed to the go command;
	// its replacements are read as the packages' sources and kept in the
	// overlay otelgen writes.
	UserOverlay string
	// ModuleDeps also instruments every package of the main module that
	// the named packages import.
	ModuleDeps bool
	// Log receives one line per decision worth explaining; nil discards.
	Log func(format string, args ...any)
}

// overlayFile is the go command's -overlay format.
type overlayFile struct {
	Replace map[string]string
}

// Prepare instruments the packages patterns name and returns the path of
// an overlay file that makes the go command build them instrumented. A
// second call for unchanged sources finds the overlay in the cache and
// rewrites nothing.
func Prepare(cfg Config, patterns ...string) (string, error) {
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	c, err := openCache()
	if err != nil {
		return "", err
	}
	userReplace, userSources, err := readUserOverlay(cfg)
	if err != nil {
		return "", err
	}
	cfg.Rewrite.Overlay = userSources
	stampName, err := stampKey(cfg, patterns)
	if err != nil {
		return "", err
	}
	if path, ok := c.validStamp(stampName); ok {
		cfg.Log("overlay up to date, nothing rewritten: %s", path)
		return path, nil
	}
	snap, err := snapshot(cfg, patterns, userReplace)
	if err != nil {
		return "", err
	}
	path := c.overlayPath(snap.key)
	if c.usable(path) {
		cfg.Log("sources unchanged, overlay reused: %s", path)
		return path, c.writeStamp(stampName, path, snap.stats)
	}
	replace, err := instrument(cfg, c, snap, patterns)
	if err != nil {
		return "", err
	}
	merged := maps.Clone(userReplace)
	if merged == nil {
		merged = make(map[string]string)
	}
	maps.Copy(merged, replace)
	data, err := json.MarshalIndent(overlayFile{Replace: merged}, "", "\t")
	if err != nil {
		return "", err
	}
	if err := writeAtomic(path, data); err != nil {
		return "", err
	}
	goFiles := 0
	for from := range replace {
		if strings.HasSuffix(from, ".go") {
			goFiles++
		}
	}
	cfg.Log("instrumented %d files: %s", goFiles, path)
	c.trim()
	return path, c.writeStamp(stampName, path, snap.stats)
}

// instrument rewrites the packages into the cache and returns the
// overlay's replacements: original path to instrumented path.
func instrument(cfg Config, c *cache, snap *sourceSnapshot, patterns []string) (map[string]string, error) {
	if cfg.ModuleDeps {
		if slices.ContainsFunc(patterns, func(p string) bool { return strings.HasSuffix(p, ".go") }) {
			// go list cannot mix named files with import paths.
			cfg.Log("-deps=module does not apply to named .go files; instrumenting them only")
		} else if len(snap.mainPackages) > 0 {
			patterns = snap.mainPackages
		}
	}
	changes, err := rewrite.Run(cfg.Rewrite, patterns...)
	if err != nil {
		return nil, err
	}
	replace := make(map[string]string)
	var skipped []string
	var edited []rewrite.Change
	for _, ch := range changes {
		if snap.immutable(ch.Path) {
			skipped = append(skipped, ch.Path)
			continue
		}
		edited = append(edited, ch)
		if ch.New == nil {
			replace[ch.Path] = "" // the go command's overlay for a removed file
			continue
		}
		content := ch.New
		if ch.Old != nil {
			// Injected lines are fenced so that positions name the user's
			// lines; a created file has no lines of the user's.
			if content, err = withLineDirectives(ch.Path, ch.Old, ch.New); err != nil {
				return nil, err
			}
		}
		if replace[ch.Path], err = c.putFile(filepath.Base(ch.Path), content); err != nil {
			return nil, err
		}
	}
	if len(skipped) > 0 {
		cfg.Log("%d files of dependencies (module cache or GOROOT) cannot be overlaid and stay uninstrumented, e.g. %s", len(skipped), skipped[0])
	}
	// The user's go.mod is never written: the overlay replaces it and its
	// go.sum with copies that require what the injected imports need.
	modChanges, err := rewrite.ModuleChanges(cfg.Rewrite, edited)
	if err != nil {
		return nil, err
	}
	for _, ch := range modChanges {
		if replace[ch.Path], err = c.putFile(filepath.Base(ch.Path), ch.New); err != nil {
			return nil, err
		}
		cfg.Log("the overlay replaces %s with a copy that has them", rewrite.RelPath(ch.Path))
	}
	return replace, nil
}

// readUserOverlay reads the user's own -overlay file and hands its
// replacements to the rewriter as the packages' sources.
func readUserOverlay(cfg Config) (replace map[string]string, sources map[string][]byte, err error) {
	if cfg.UserOverlay == "" {
		return nil, nil, nil
	}
	data, err := os.ReadFile(cfg.UserOverlay)
	if err != nil {
		return nil, nil, fmt.Errorf("-overlay: %w", err)
	}
	var of overlayFile
	if err := json.Unmarshal(data, &of); err != nil {
		return nil, nil, fmt.Errorf("-overlay %s: %w", cfg.UserOverlay, err)
	}
	replace = make(map[string]string)
	sources = make(map[string][]byte)
	for from, to := range of.Replace {
		// The go command resolves both sides in its working directory.
		from, to = absIn(cfg.Rewrite.Dir, from), absIn(cfg.Rewrite.Dir, to)
		replace[from] = to
		if to != "" && strings.HasSuffix(from, ".go") {
			if sources[from], err = os.ReadFile(to); err != nil {
				return nil, nil, fmt.Errorf("-overlay %s: %w", cfg.UserOverlay, err)
			}
		}
	}
	return replace, sources, nil
}

func absIn(dir, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	abs, err := filepath.Abs(filepath.Join(dir, path))
	if err != nil {
		return path
	}
	return abs
}
