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

// File is a file's new content. With Create the file must not exist yet
// and is created; with Remove it is removed instead.
type File struct {
	Path    string
	Content []byte
	Create  bool
	Remove  bool
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
	var removals []string
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, f := range files {
		target, perm, err := writable(f.Path, f.Create)
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), err)
		}
		if f.Remove {
			removals = append(removals, target)
			continue
		}
		tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
		if err != nil {
			cleanup()
			return fmt.Errorf("write %s: %w", name(f.Path), unwrapPath(err))
		}
		done = append(done, pending{tmp.Name(), target})
		_, werr := tmp.Write(f.Content)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr, os.Chmod(tmp.Name(), perm)); err != nil {
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
	for i, target := range removals {
		if err := os.Remove(target); err != nil {
			return fmt.Errorf("remove %s: %w (%d of %d files were removed, every other file was written)", name(target), unwrapPath(err), i, len(removals))
		}
	}
	return nil
}

// writable resolves path's symbolic links and returns the file to write
// and the permissions to give it: its own, or for a file to create those
// a new file gets. Root may write a file without write permission; a tool
// should not, any more than an editor would without asking.
func writable(path string, create bool) (string, os.FileMode, error) {
	if create {
		if _, err := os.Lstat(path); err == nil {
			return "", 0, errors.New("file exists")
		}
		if _, err := os.Stat(filepath.Dir(path)); err != nil {
			return "", 0, unwrapPath(err)
		}
		return path, 0o666 &^ umask(), nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", 0, unwrapPath(err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return "", 0, unwrapPath(err)
	}
	if info.Mode().Perm()&0o200 == 0 {
		return "", 0, errors.New("file is not writable")
	}
	return target, info.Mode().Perm(), nil
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

// umask reads the process's file mode creation mask, which os.CreateTemp
// bypasses (it creates with 0600), so that a created file gets the
// permissions any other new file would.
func umask() os.FileMode {
	dir, err := os.MkdirTemp("", "umask-")
	if err != nil {
		return 0o022
	}
	defer os.RemoveAll(dir)
	probe := filepath.Join(dir, "probe")
	f, err := os.OpenFile(probe, os.O_CREATE|os.O_WRONLY, 0o666)
	if err != nil {
		return 0o022
	}
	f.Close()
	info, err := os.Stat(probe)
	if err != nil {
		return 0o022
	}
	return 0o666 &^ info.Mode().Perm()
}
