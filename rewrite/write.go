package rewrite

import (
	"path/filepath"

	"github.com/ctxtrace/ctxtrace/internal/filewrite"
	"github.com/ctxtrace/ctxtrace/internal/unidiff"
)

// Write replaces every changed file with its new content, all or nothing
// as far as the file system allows (see filewrite.ReplaceAll).
func Write(changes []Change) error {
	files := make([]filewrite.File, len(changes))
	for i, c := range changes {
		files[i] = filewrite.File{Path: c.Path, Content: c.New, Create: c.Old == nil, Remove: c.New == nil}
	}
	return filewrite.ReplaceAll(files, relName)
}

// Diff returns the change as a unified diff, as gofmt -d prints one.
func Diff(c Change) string {
	name := filepath.ToSlash(relName(c.Path))
	from, to := name+".orig", name
	// As diff -N names them, so that patch and git apply create and
	// remove the file.
	switch {
	case c.Old == nil:
		from = "/dev/null"
	case c.New == nil:
		to = "/dev/null"
	}
	return unidiff.Unified(from, to, string(c.Old), string(c.New))
}

// RelPath returns path relative to the current directory when it is
// inside it, as go vet and gofmt print file names.
func RelPath(path string) string { return relName(path) }
