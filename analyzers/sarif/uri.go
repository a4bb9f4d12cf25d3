package sarif

import (
	"net/url"
	"path/filepath"
	"strings"
)

// artifactLocation names a file relative to root under %SRCROOT% when it
// lies inside root, and by an absolute file URI otherwise (a file in the
// module cache, say), which viewers can still show but not map to the
// repository.
func artifactLocation(root, filename string) ArtifactLocation {
	if root != "" {
		if rel, err := filepath.Rel(root, filename); err == nil && filepath.IsLocal(rel) {
			return ArtifactLocation{URI: escapePath(filepath.ToSlash(rel)), URIBaseID: SrcRoot}
		}
	}
	return ArtifactLocation{URI: fileURI(filename, false)}
}

// fileURI returns the file: URI of an absolute path; dir adds the
// trailing slash SARIF requires of a base URI.
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive letter: file:///C:/...
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// escapePath percent-escapes each segment of a slash-separated relative
// path, so that names with spaces or '#' stay one valid URI reference.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}
