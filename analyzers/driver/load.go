package driver

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/ctxtrace/ctxtrace/internal/golist"
)

// loadErrors returns the errors go vet printed for packages that did not
// build or type-check, each once (a package and its test variant report
// the same), without the go command's "# package" headers, with paths
// relative to the working directory as go vet prints them.
func (r *run) loadErrors(stderr []byte) []string {
	var lines []string
	seen := make(map[string]bool)
	// The go command indents its advice on the line after a message
	// ("to add it:\n\tgo get ..."); keep the two together.
	text := strings.ReplaceAll(string(stderr), ":\n\t", ": ")
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "# ") {
			continue
		}
		line = r.shortenPaths(strings.TrimPrefix(line, "vet: "))
		line = strings.TrimPrefix(line, "."+string(filepath.Separator))
		// The go command's own failures name it, as they do under go
		// vet; say which command ran it.
		if strings.HasPrefix(line, "go: ") {
			line = r.Name + ": " + line
		}
		if !seen[line] {
			seen[line] = true
			lines = append(lines, line)
		}
	}
	// go vet adds this to a pattern's "matched no packages".
	if len(lines) > 1 {
		lines = slices.DeleteFunc(lines, func(l string) bool { return l == "no packages to vet" })
	}
	return lines
}

// moduleRoot returns the directory %SRCROOT% stands for in SARIF logs:
// the main module's root, or the closest directory holding every main
// module of a workspace; the working directory outside modules.
func (r *run) moduleRoot() string {
	out, err := golist.Go(r.dir, r.Env, "list", "-m", "-f", "{{if .Main}}{{.Dir}}{{end}}")
	if err != nil {
		return r.dir
	}
	var root string
	for dir := range strings.Lines(out) {
		dir = strings.TrimSpace(dir)
		switch {
		case dir == "":
		case root == "":
			root = dir
		default:
			root = commonDir(root, dir)
		}
	}
	if root == "" {
		return r.dir
	}
	return root
}

func commonDir(a, b string) string {
	for {
		if rel, err := filepath.Rel(a, b); err == nil && filepath.IsLocal(rel) {
			return a
		}
		parent := filepath.Dir(a)
		if parent == a {
			return a
		}
		a = parent
	}
}
