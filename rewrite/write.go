package rewrite

import (
	"path/filepath"

	"github.com/aymanbagabas/go-udiff"

	"github.com/ctxtrace/ctxtrace/internal/filewrite"
)

// Write replaces every changed file with its new content, all or nothing
// as far as the file system allows (see filewrite.ReplaceAll).
func Write(changes []Change) error {
	files := make([]filewrite.File, len(changes))
	for i, c := range changes {
		files[i] = filewrite.File{Path: c.Path, Content: c.New}
	}
	return filewrite.ReplaceAll(files, relName)
}

// Diff returns the change as a unified diff, as gofmt -d prints one.
func Diff(c Change) string {
	name := filepath.ToSlash(relName(c.Path))
	return udiff.Unified(name+".orig", name, string(c.Old), string(c.New))
}

// RelPath returns path relative to the current directory when it is
// inside it, as go vet and gofmt print file names.
func RelPath(path string) string { return relName(path) }
