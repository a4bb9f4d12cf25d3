package driver

import (
	"path/filepath"
	"strings"
)

// shortPath returns filename relative to the working directory when that
// is shorter, as go vet prints it; otherwise filename unchanged.
func (r *run) shortPath(filename string) string {
	if !filepath.IsAbs(filename) {
		return filename
	}
	if rel, err := filepath.Rel(r.dir, filename); err == nil && len(rel) < len(filename) {
		return rel
	}
	return filename
}

// shortenPaths rewrites absolute paths under the working directory that
// start a word of msg to "./path", as the go command does in its output.
func (r *run) shortenPaths(msg string) string {
	prefix := r.dir + string(filepath.Separator)
	var b strings.Builder
	for i := 0; i < len(msg); {
		j := strings.Index(msg[i:], prefix)
		if j < 0 {
			b.WriteString(msg[i:])
			break
		}
		j += i
		b.WriteString(msg[i:j])
		if j == 0 || strings.ContainsRune(" \t\n'\"(", rune(msg[j-1])) {
			b.WriteString("." + string(filepath.Separator))
		} else {
			b.WriteString(prefix)
		}
		i = j + len(prefix)
	}
	return b.String()
}
