// Package filewrite replaces source files all or nothing, for otelgen -w
// and ctxlint -fix: a tool that fails halfway must not leave a package
// with some files rewritten and others not.
package filewrite

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// File is a file's new content.
type File struct {
	Path    string
	Content []byte
}

// ReplaceAll gives every file its new content. Each content goes to a
// temporary file beside its target first, and the targets are replaced
// by renames only once every temporary file is complete, so a full disk
// or a read-only file changes nothing. A file that is a symbolic link
// keeps being one: its target is replaced, as gofmt -w writes through
// links. name shortens paths in errors.
func ReplaceAll(files []File, name func(string) string) error {
	type pending struct{ tmp, target string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		target, err := filepath.EvalSymlinks(f.Path)
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), unwrapPath(err))
		}
		info, err := os.Stat(target)
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), unwrapPath(err))
		}
		// Root may write a file without write permission; a tool should
		// not, any more than an editor would without asking.
		if info.Mode().Perm()&0o200 == 0 {
			cleanup()
			return fmt.Errorf("write %s: file is not writable", name(f.Path))
		}
		tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), unwrapPath(err))
		}
		done = append(done, pending{tmp.Name(), target})
		_, werr := tmp.Write(f.Content)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), info.Mode().Perm())); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), err)
		}
	}
	for i, p := range done {
		if err := os.Rename(p.tmp, p.target); err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w (%d of %d files were replaced)", name(p.target), unwrapPath(err), i, len(done))
		}
	}
	return nil
}

// unwrapPath drops the path a *PathError or *LinkError repeats, since the
// message names the file already.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
