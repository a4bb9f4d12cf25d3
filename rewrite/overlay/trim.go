package overlay

import (
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The cache is trimmed as the go command trims its own: entries unused for
// trimAge go, checked at most once per trimInterval, and an entry in use
// has its modification time refreshed at most once per markInterval so
// that using it costs no write on most builds.
const (
	trimAge      = 5 * 24 * time.Hour
	trimInterval = 24 * time.Hour
	markInterval = time.Hour
)

// usable reports whether the overlay file and every file it substitutes
// are still there (the cache may have been pruned), and marks those in the
// cache as used so trimming keeps them.
func (c *cache) usable(overlayPath string) bool {
	data, err := os.ReadFile(overlayPath)
	if err != nil {
		return false
	}
	var of overlayFile
	if json.Unmarshal(data, &of) != nil {
		return false
	}
	now := time.Now()
	for _, path := range append(slices.Collect(maps.Values(of.Replace)), overlayPath) {
		if path == "" {
			continue
		}
		info, err := os.Stat(path)
		if err != nil {
			return false
		}
		if strings.HasPrefix(path, c.root+string(filepath.Separator)) && now.Sub(info.ModTime()) > markInterval {
			os.Chtimes(path, now, now)
		}
	}
	return true
}

// trim removes cache entries nobody used for trimAge, at most once per
// trimInterval. Errors are ignored: a file left behind is only space.
func (c *cache) trim() {
	stampFile := filepath.Join(c.root, "trim.txt")
	now := time.Now()
	if info, err := os.Stat(stampFile); err == nil && now.Sub(info.ModTime()) < trimInterval {
		return
	}
	if err := writeAtomic(stampFile, []byte(now.Format(time.RFC3339)+"\n")); err != nil {
		return
	}
	for _, dir := range []string{"files", "overlays", "stamps", "tmp"} {
		filepath.WalkDir(filepath.Join(c.root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && (dir != "tmp" || filepath.Base(filepath.Dir(path)) != "tmp") {
				return nil // a temporary directory goes whole, when old
			}
			if info, err := d.Info(); err == nil && now.Sub(info.ModTime()) > trimAge {
				os.RemoveAll(path)
				if d.IsDir() {
					return filepath.SkipDir
				}
			}
			return nil
		})
	}
}
