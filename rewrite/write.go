package rewrite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aymanbagabas/go-udiff"
)

// Write replaces every changed file with its new content, all or nothing
// as far as the file system allows: each new content goes to a temporary
// file beside its target first, and the targets are replaced by renames
// only once every temporary file is complete.
func Write(changes []Change) error {
	type pending struct{ tmp, target string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, c := range changes {
		info, err := os.Stat(c.Path)
		if err != nil {
			cleanup()
			return fmt.Errorf("write %w", err)
		}
		if info.Mode().Perm()&0o200 == 0 {
			cleanup()
			return fmt.Errorf("write %s: file is not writable", relName(c.Path))
		}
		tmp, err := os.CreateTemp(filepath.Dir(c.Path), "."+filepath.Base(c.Path)+".otelgen-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", relName(c.Path), err)
		}
		done = append(done, pending{tmp.Name(), c.Path})
		_, werr := tmp.Write(c.New)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), info.Mode().Perm())); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", relName(c.Path), err)
		}
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.target); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w (%d of %d files were replaced)", relName(p.target), err, i, len(done))
		}
	}
	return nil
}

// Diff returns the change as a unified diff, as gofmt -d prints one.
func Diff(c Change) string {
	name := filepath.ToSlash(relName(c.Path))
	return udiff.Unified(name+".orig", name, string(c.Old), string(c.New))
}

// RelPath returns path relative to the current directory when it is
// inside it, as go vet and gofmt print file names.
func RelPath(path string) string { return relName(path) }
