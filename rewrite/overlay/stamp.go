package overlay

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
)

// A stamp lets an unchanged build skip even listing its packages: it
// records the size and modification time of every file and directory the
// last snapshot depended on, and the overlay that snapshot named. If
// nothing was touched since, the overlay is still right, and checking that
// costs a stat per file instead of a go list.
type stamp struct {
	Overlay string
	Files   []fileStat
}

type fileStat struct {
	Path    string
	Size    int64 // -1: the file did not exist
	ModTime int64 // nanoseconds since the epoch; 0 for a directory's size
	IsDir   bool
}

func statAll(paths []string) []fileStat {
	slices.Sort(paths)
	paths = slices.Compact(paths)
	stats := make([]fileStat, 0, len(paths))
	for _, p := range paths {
		stats = append(stats, statOf(p))
	}
	return stats
}

func statOf(path string) fileStat {
	info, err := os.Stat(path)
	if err != nil {
		return fileStat{Path: path, Size: -1}
	}
	st := fileStat{Path: path, Size: info.Size(), ModTime: info.ModTime().UnixNano(), IsDir: info.IsDir()}
	if st.IsDir {
		st.Size = 0 // a directory's size says nothing its modification time does not
	}
	return st
}

// stampKey names the stamp for one invocation: the same otelgen, asked the
// same thing in the same place with the same go environment.
func stampKey(cfg Config, patterns []string) (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	fmt.Fprintf(h, "otelgen %s\nwd %s\nsettings %s\n", identity(), wd, settings(cfg, patterns))
	env := cfg.Rewrite.Env
	if env == nil {
		env = os.Environ()
	}
	var goVars []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "GO") || strings.HasPrefix(kv, "CGO_") || strings.HasPrefix(kv, "PATH=") ||
			strings.HasPrefix(kv, "HOME=") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=") || strings.HasPrefix(kv, "OTELGEN_") {
			goVars = append(goVars, kv)
		}
	}
	slices.Sort(goVars)
	fmt.Fprintf(h, "env %q\n", goVars)
	return hex.EncodeToString(h.Sum(nil))[:32], nil
}

func (c *cache) stampPath(key string) string {
	return filepath.Join(c.root, "stamps", key+".json")
}

// validStamp returns the overlay the stamp names if every file it
// recorded is as it was.
func (c *cache) validStamp(key string) (string, bool) {
	data, err := os.ReadFile(c.stampPath(key))
	if err != nil {
		return "", false
	}
	var st stamp
	if json.Unmarshal(data, &st) != nil || st.Overlay == "" {
		return "", false
	}
	if !c.usable(st.Overlay) {
		return "", false
	}
	for _, f := range st.Files {
		if statOf(f.Path) != f {
			return "", false
		}
	}
	return st.Overlay, true
}

// writeStamp records the files' state, unless one of them changed so
// recently that a further change could keep its size and modification
// time (file systems tick in milliseconds or coarser); then the next build
// takes the content route instead.
func (c *cache) writeStamp(key, overlay string, files []fileStat) error {
	recent := time.Now().Add(-2 * time.Second).UnixNano()
	for _, f := range files {
		if f.ModTime > recent {
			return nil
		}
	}
	data, err := json.Marshal(stamp{Overlay: overlay, Files: files})
	if err != nil {
		return err
	}
	if err := writeAtomic(c.stampPath(key), data); err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	return nil
}

// identity names this otelgen build: its module version when that names
// one source tree, otherwise (a development build) its executable's path,
// size and modification time, so a rebuilt otelgen never reuses overlays
// an older one wrote.
func identity() string {
	if bi, ok := debug.ReadBuildInfo(); ok && releaseBuild(bi.Main) {
		return bi.Main.Path + "@" + bi.Main.Version
	}
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	st := statOf(exe)
	return fmt.Sprintf("%s %d %d", exe, st.Size, st.ModTime)
}

// releaseBuild reports whether m's version names one source tree: not a
// development build, not a modified checkout, not a replaced module (whose
// version says nothing about the directory it was built from).
func releaseBuild(m debug.Module) bool {
	v := m.Version
	return v != "" && v != "(devel)" && !strings.Contains(v, "+dirty") && m.Replace == nil && v != anyVersion
}
