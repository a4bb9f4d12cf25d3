package overlay

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// A cache is otelgen's directory of instrumented files and overlay files.
// Every file in it is written once under a name derived from what it
// holds, by a rename of a complete temporary file, so concurrent builds
// can share it without locks: two builds that race write the same bytes
// to the same name.
type cache struct{ root string }

// CacheDir returns the directory otelgen caches instrumented files in:
// $OTELGEN_CACHE, or otelgen under os.UserCacheDir.
func CacheDir() (string, error) {
	if dir := os.Getenv("OTELGEN_CACHE"); dir != "" {
		if !filepath.IsAbs(dir) {
			return "", fmt.Errorf("OTELGEN_CACHE=%s: must be an absolute path", dir)
		}
		return dir, nil
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory (set OTELGEN_CACHE): %w", err)
	}
	return filepath.Join(dir, "otelgen"), nil
}

func openCache() (*cache, error) {
	root, err := CacheDir()
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(root, 0o777); err != nil {
		return nil, fmt.Errorf("cache: %w", err)
	}
	return &cache{root: root}, nil
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// putFile stores data under a path named by its hash that ends in base,
// so the go command sees the same path for the same content build after
// build and its build cache keeps hitting.
func (c *cache) putFile(base string, data []byte) (string, error) {
	h := hashOf(data)
	return c.put(filepath.Join("files", h[:2], h[2:20]+"-"+base), data)
}

// overlayPath is where the overlay file for a content key lives.
func (c *cache) overlayPath(key string) string {
	return filepath.Join(c.root, "overlays", key+".json")
}

// put writes data to the cache path rel unless a file is already there,
// and returns its absolute path.
func (c *cache) put(rel string, data []byte) (string, error) {
	path := filepath.Join(c.root, rel)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	if err := writeAtomic(path, data); err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	return path, nil
}

// writeAtomic replaces path with data by renaming a complete temporary
// file over it, so readers see the old file or the new one, never half.
func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	if err := errors.Join(werr, tmp.Close()); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
