package overlay

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTrim checks that trimming removes what nobody used for trimAge and
// keeps what an overlay still in use names, because usable refreshed it.
func TestTrim(t *testing.T) {
	c := &cache{root: t.TempDir()}
	old := time.Now().Add(-trimAge - time.Hour)
	put := func(rel string, data []byte) string {
		path, err := c.put(rel, data)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, old, old); err != nil {
			t.Fatal(err)
		}
		return path
	}
	used := put("files/aa/used-a.go", []byte("package a"))
	unused := put("files/bb/unused-b.go", []byte("package b"))
	staleStamp := put("stamps/x.json", []byte("{}"))
	data, _ := json.Marshal(overlayFile{Replace: map[string]string{"/src/a.go": used}})
	inUse := put("overlays/inuse.json", data)
	staleTmp := filepath.Join(c.root, "tmp", "gomod-1")
	if err := os.MkdirAll(staleTmp, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(staleTmp, old, old)

	if !c.usable(inUse) {
		t.Fatal("usable: an intact overlay reported unusable")
	}
	c.trim()
	for _, kept := range []string{used, inUse} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("trim removed %s, which a usable overlay names", kept)
		}
	}
	for _, gone := range []string{unused, staleStamp, staleTmp} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("trim kept %s, unused for longer than %v", gone, trimAge)
		}
	}

	// Trimming runs at most once per interval: a second stale file survives.
	again := put("files/cc/again-c.go", []byte("package c"))
	c.trim()
	if _, err := os.Stat(again); err != nil {
		t.Errorf("trim ran twice within %v", trimInterval)
	}
	// An overlay whose file is gone is not usable.
	os.Remove(used)
	if c.usable(inUse) {
		t.Error("usable: an overlay naming a removed file reported usable")
	}
}
