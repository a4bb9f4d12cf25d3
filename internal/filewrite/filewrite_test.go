package filewrite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplaceAll(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.go")
	b := filepath.Join(dir, "b.go")
	writeFile(t, a, "old a", 0o644)
	writeFile(t, b, "old b", 0o600)
	if err := ReplaceAll([]File{{Path: a, Content: []byte("new a")}, {Path: b, Content: []byte("new b")}}, filepath.Base); err != nil {
		t.Fatal(err)
	}
	checkFile(t, a, "new a", 0o644)
	checkFile(t, b, "new b", 0o600)
	checkEntries(t, dir, "a.go", "b.go")
}

func TestReplaceAllReadOnlyChangesNothing(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.go")
	b := filepath.Join(dir, "b.go")
	writeFile(t, a, "old a", 0o644)
	writeFile(t, b, "old b", 0o444)
	err := ReplaceAll([]File{{Path: a, Content: []byte("new a")}, {Path: b, Content: []byte("new b")}}, filepath.Base)
	if err == nil || err.Error() != "write b.go: file is not writable" {
		t.Fatalf("err = %v, want write b.go: file is not writable", err)
	}
	checkFile(t, a, "old a", 0o644)
	checkFile(t, b, "old b", 0o444)
	checkEntries(t, dir, "a.go", "b.go")
}

func TestReplaceAllWritesThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "shared", "impl.txt")
	link := filepath.Join(dir, "pkg", "impl.go")
	os.MkdirAll(filepath.Dir(target), 0o755)
	os.MkdirAll(filepath.Dir(link), 0o755)
	writeFile(t, target, "old", 0o644)
	if err := os.Symlink("../shared/impl.txt", link); err != nil {
		t.Skip("no symlinks:", err)
	}
	if err := ReplaceAll([]File{{Path: link, Content: []byte("new")}}, filepath.Base); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("%s is no longer a symbolic link (%v)", link, err)
	}
	checkFile(t, target, "new", 0o644)
}

func TestReplaceAllMissingFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.go")
	writeFile(t, a, "old a", 0o644)
	err := ReplaceAll([]File{{Path: a, Content: []byte("new a")}, {Path: filepath.Join(dir, "gone.go")}}, filepath.Base)
	if err == nil || !strings.HasPrefix(err.Error(), "write gone.go: ") {
		t.Fatalf("err = %v, want write gone.go: ...", err)
	}
	checkFile(t, a, "old a", 0o644)
	checkEntries(t, dir, "a.go")
}

// TestReplaceAllCreatesAndRemoves checks the files otelgen adds and strip
// takes away: a created file gets a new file's permissions, and a file to
// create that exists already stops everything.
func TestReplaceAllCreatesAndRemoves(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.go")
	gone := filepath.Join(dir, "gone.go")
	created := filepath.Join(dir, "new.go")
	writeFile(t, a, "old a", 0o644)
	writeFile(t, gone, "old", 0o644)
	err := ReplaceAll([]File{{Path: a, Content: []byte("new a")}, {Path: gone, Remove: true}, {Path: created, Content: []byte("new"), Create: true}}, filepath.Base)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, a, "new a", 0o644)
	checkFile(t, created, "new", 0o666&^umask())
	checkEntries(t, dir, "a.go", "new.go")

	err = ReplaceAll([]File{{Path: a, Content: []byte("newer a")}, {Path: created, Content: []byte("again"), Create: true}}, filepath.Base)
	if err == nil || err.Error() != "write new.go: file exists" {
		t.Fatalf("err = %v, want write new.go: file exists", err)
	}
	checkFile(t, a, "new a", 0o644)
	checkFile(t, created, "new", 0o666&^umask())
}

func writeFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, perm); err != nil {
		t.Fatal(err)
	}
}

func checkFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content {
		t.Errorf("%s = %q, want %q", path, got, content)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != perm {
		t.Errorf("%s mode = %v (%v), want %v", path, fi.Mode().Perm(), err, perm)
	}
}

func checkEntries(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("%s holds %v, want %v (a temporary file left behind?)", dir, got, want)
	}
}
