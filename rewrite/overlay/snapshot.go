package overlay

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// A sourceSnapshot is everything an instrumented build depends on, read
// without type-checking: the content key names the overlay that the
// sources, the toolchain and otelgen's settings produce, and stats lets a
// later build see cheaply that none of it changed.
type sourceSnapshot struct {
	key          string
	stats        []fileStat
	mainPackages []string // import paths of the main module's packages in the build
	env          goEnv
}

// goEnv holds the go env values the snapshot needs.
type goEnv struct {
	GOROOT, GOMODCACHE, GOVERSION, GOOS, GOARCH, CGO_ENABLED string
	GOFLAGS, GOEXPERIMENT, GOMOD, GOWORK, GOENV              string
}

const snapshotMode = packages.NeedName | packages.NeedFiles | packages.NeedImports |
	packages.NeedDeps | packages.NeedModule

func snapshot(cfg Config, patterns []string, userReplace map[string]string) (*sourceSnapshot, error) {
	env, err := readGoEnv(cfg)
	if err != nil {
		return nil, err
	}
	snap := &sourceSnapshot{env: env}
	roots, err := packages.Load(&packages.Config{
		Mode:       snapshotMode,
		Dir:        cfg.Rewrite.Dir,
		Env:        cfg.Rewrite.Env,
		BuildFlags: cfg.Rewrite.BuildFlags,
		Tests:      !cfg.Rewrite.NoTests,
		Overlay:    cfg.Rewrite.Overlay,
	}, patterns...)
	if err != nil {
		return nil, golist.LoadError(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "otelgen %s\nsettings %s\n", identity(), settings(cfg, patterns))
	envJSON, _ := json.Marshal(env)
	fmt.Fprintf(h, "env %s\n", envJSON)
	var local []string // files whose content the key must cover
	mains := make(map[string]bool)
	packages.Visit(roots, nil, func(pkg *packages.Package) {
		fmt.Fprintf(h, "package %s\n", pkg.ID)
		if pkg.Module != nil {
			fmt.Fprintf(h, "module %s %s\n", pkg.Module.Path, pkg.Module.Version)
			if pkg.Module.Main && pkg.Name != "" && pkg.PkgPath != "command-line-arguments" &&
				!strings.HasSuffix(pkg.PkgPath, "_test") && !strings.HasSuffix(pkg.PkgPath, ".test") {
				mains[pkg.PkgPath] = true
			}
		}
		for _, f := range slices.Concat(pkg.GoFiles, pkg.OtherFiles) {
			if !snap.immutable(f) {
				local = append(local, f)
			}
		}
	})
	snap.mainPackages = slices.Sorted(func(yield func(string) bool) {
		for p := range mains {
			if !yield(p) {
				return
			}
		}
	})
	for _, f := range []string{env.GOMOD, sumFile(env.GOMOD), env.GOWORK, sumFile(env.GOWORK)} {
		if f != "" && f != os.DevNull {
			local = append(local, f)
		}
	}
	local = append(local, templateFiles(cfg.Rewrite.Templates)...)
	slices.Sort(local)
	local = slices.Compact(local)
	for _, f := range local {
		data, ok := cfg.Rewrite.Overlay[f]
		if !ok {
			if data, err = os.ReadFile(f); err != nil && !os.IsNotExist(err) {
				return nil, fmt.Errorf("read %w", err)
			}
		}
		fmt.Fprintf(h, "file %s %x\n", f, sha256.Sum256(data))
	}
	snap.key = hex.EncodeToString(h.Sum(nil))[:32]
	snap.stats = statAll(slices.Concat(local, watchedDirs(cfg, patterns, local), toolFiles(env), userOverlayFiles(cfg, userReplace)))
	return snap, nil
}

// immutable reports whether path is in GOROOT or the module cache, whose
// files the toolchain version and module versions already identify and
// which an overlay cannot replace.
func (s *sourceSnapshot) immutable(path string) bool {
	for _, dir := range []string{s.env.GOROOT, s.env.GOMODCACHE} {
		if dir != "" && strings.HasPrefix(path, dir+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

func readGoEnv(cfg Config) (goEnv, error) {
	var env goEnv
	out, err := runGo(cfg, "env", "-json", "GOROOT", "GOMODCACHE", "GOVERSION", "GOOS", "GOARCH",
		"CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT", "GOMOD", "GOWORK", "GOENV")
	if err != nil {
		return env, err
	}
	if err := json.Unmarshal([]byte(out), &env); err != nil {
		return env, fmt.Errorf("go env: %w", err)
	}
	if modfile := flagValue(cfg.Rewrite.BuildFlags, "modfile"); modfile != "" {
		env.GOMOD = absIn(cfg.Rewrite.Dir, modfile)
	}
	return env, nil
}

// sumFile is the checksum file that goes with a go.mod (or -modfile
// x.mod) or go.work file.
func sumFile(modFile string) string {
	switch {
	case modFile == "" || modFile == os.DevNull:
		return ""
	case strings.HasSuffix(modFile, ".mod"):
		return strings.TrimSuffix(modFile, ".mod") + ".sum"
	default:
		return modFile + ".sum"
	}
}

func flagValue(flags []string, name string) string {
	for _, f := range flags {
		if v, ok := strings.CutPrefix(f, "-"+name+"="); ok {
			return v
		}
	}
	return ""
}

// settings renders what otelgen was asked to do, for cache keys.
func settings(cfg Config, patterns []string) string {
	r := cfg.Rewrite
	dir, _ := filepath.Abs(r.Dir)
	return fmt.Sprintf("dir=%s patterns=%q flags=%q functions=%t goroutines=%t pipelines=%t init=%t tracer=%q templates=%q deps=%t overlay=%q tests=%t",
		dir, patterns, r.BuildFlags, !r.NoFunctions, !r.NoGoroutines, !r.NoPipelines, r.Init, r.TracerName, r.Templates, cfg.ModuleDeps, cfg.UserOverlay, !r.NoTests)
}

func templateFiles(dir string) []string {
	if dir == "" {
		return nil
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tmpl"))
	abs := make([]string, 0, len(files)+1)
	for _, f := range append(files, dir) {
		a, _ := filepath.Abs(f)
		abs = append(abs, a)
	}
	return abs
}

// watchedDirs are the directories whose change (a file or package added
// or removed) can change what the patterns match: every package's
// directory and, under a ... pattern, every directory below its root.
func watchedDirs(cfg Config, patterns []string, files []string) []string {
	var dirs []string
	for _, f := range files {
		dirs = append(dirs, filepath.Dir(f))
	}
	for _, p := range patterns {
		root, ok := strings.CutSuffix(p, "...")
		if !ok {
			continue
		}
		if !strings.HasPrefix(root, ".") && !filepath.IsAbs(root) {
			root = "." // an import path pattern: watch the whole module conservatively
		}
		root = absIn(cfg.Rewrite.Dir, filepath.Clean(root+"."))
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return nil
			}
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata") {
				return filepath.SkipDir
			}
			dirs = append(dirs, path)
			return nil
		})
	}
	return dirs
}

// toolFiles are the files whose change means a different toolchain or go
// configuration: the go binary run and the go env file.
func toolFiles(env goEnv) []string {
	files := []string{env.GOENV, filepath.Join(env.GOROOT, "VERSION")}
	if goBin, err := exec.LookPath("go"); err == nil {
		files = append(files, goBin)
	}
	return files
}

// userOverlayFiles are the user's -overlay file and the files it
// substitutes.
func userOverlayFiles(cfg Config, replace map[string]string) []string {
	if cfg.UserOverlay == "" {
		return nil
	}
	files := []string{absIn(cfg.Rewrite.Dir, cfg.UserOverlay)}
	for _, to := range replace {
		if to != "" {
			files = append(files, to)
		}
	}
	return files
}
