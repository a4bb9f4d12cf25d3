package unidiff

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// numbered returns lines "prefix1\n" to "prefixN\n".
func numbered(prefix string, n int) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("%s%d\n", prefix, i+1)
	}
	return lines
}

// insertAfter returns lines with add inserted after the first n.
func insertAfter(lines []string, n int, add ...string) []string {
	out := append([]string(nil), lines[:n]...)
	out = append(out, add...)
	return append(out, lines[n:]...)
}

type diffCase struct {
	name     string
	old, new string
}

// cases are changes whose line diff is unambiguous, so that any correct
// diff program finds the same hunks.
func cases() []diffCase {
	base := numbered("line", 60)
	// An edit at line 2 and one at line 6 share the first hunk through
	// the lines between them; the hunks after it are the ones whose new
	// start line go-udiff got wrong.
	joined := insertAfter(base, 40, "new e\n")
	joined = insertAfter(joined, 25, "new c\n", "new d\n")
	joined = insertAfter(joined, 6, "new b\n")
	joined = insertAfter(joined, 2, "new a1\n", "new a2\n")

	deleted := append(append([]string(nil), base[:10]...), base[12:30]...)
	deleted = append(deleted, "replaced 31\n")
	deleted = append(deleted, base[31:]...)

	noEOL := strings.Join(base[:20], "") + "line21"
	return []diffCase{
		{"joined", join(base), join(joined)},
		{"deletions", join(base), join(deleted)},
		{"first and last line", join(base), "new first\n" + join(base[1:59]) + "new last\n"},
		{"from empty", "", join(base[:4])},
		{"to empty", join(base[:4]), ""},
		{"one line changed", "a\n", "b\n"},
		{"no newline at end, changed", noEOL, noEOL + "x"},
		{"no newline at end, added", noEOL, noEOL + "\n"},
		{"no newline at end, kept", noEOL, "new first\n" + noEOL[len("line1\n"):]},
	}
}

func join(lines []string) string { return strings.Join(lines, "") }

// TestJoinedHunks pins the headers for the case go-udiff gets wrong: its
// second and third hunks say +22 and +39, short by the four unchanged
// lines that join the first hunk's two edits.
func TestJoinedHunks(t *testing.T) {
	c := cases()[0]
	var headers []string
	for _, line := range strings.Split(Unified("a", "b", c.old, c.new), "\n") {
		if strings.HasPrefix(line, "@@") {
			headers = append(headers, line)
		}
	}
	want := []string{
		"@@ -1,9 +1,12 @@",
		"@@ -23,6 +26,8 @@",
		"@@ -38,6 +43,7 @@",
	}
	if strings.Join(headers, "\n") != strings.Join(want, "\n") {
		t.Errorf("hunk headers:\n%s\nwant:\n%s", strings.Join(headers, "\n"), strings.Join(want, "\n"))
	}
}

// TestMatchesGit compares each diff, headers and lines, with git's.
func TestMatchesGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command")
	}
	all := cases()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		old, new := randomChange(r, 80, 6)
		all = append(all, diffCase{fmt.Sprintf("random %d", i), old, new})
	}
	dir := t.TempDir()
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			oldPath, newPath := filepath.Join(dir, "old"), filepath.Join(dir, "new")
			writeFile(t, oldPath, c.old)
			writeFile(t, newPath, c.new)
			cmd := exec.Command("git", "diff", "--no-index", "--no-color", "--no-ext-diff", "-U3", "old", "new")
			cmd.Dir = dir
			out, err := cmd.Output()
			// git diff --no-index exits 1 when the files differ.
			if exitErr, ok := err.(*exec.ExitError); !ok || exitErr.ExitCode() != 1 {
				t.Fatalf("git diff: %v", err)
			}
			want := gitHunks(string(out))
			got := Unified("a", "b", c.old, c.new)
			got = strings.TrimPrefix(got, "--- a\n+++ b\n")
			if got != want {
				t.Errorf("diff:\n%s\ngit diff:\n%s", got, want)
			}
		})
	}
}

// gitHunks returns git diff's hunks without its file header lines and
// without the function context it appends to each @@ line.
func gitHunks(out string) string {
	at := strings.Index(out, "\n@@ ")
	if at < 0 {
		return ""
	}
	header := regexp.MustCompile(`(?m)^(@@ [^@]* @@).*$`)
	return header.ReplaceAllString(out[at+1:], "$1")
}

// TestApplies applies each diff by its headers alone, strictly: every
// hunk must start at the line its header names on both sides, with no
// searching for an offset, and the result must be the new text.
func TestApplies(t *testing.T) {
	all := cases()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 300 {
		old, new := randomChange(r, 1+r.IntN(120), 1+r.IntN(12))
		all = append(all, diffCase{fmt.Sprintf("random %d", i), old, new})
	}
	for _, c := range all {
		diff := Unified("a.go.orig", "a.go", c.old, c.new)
		got, err := applyStrictly(diff, c.old)
		if err != nil {
			t.Errorf("%s: %v\n%s", c.name, err, diff)
			continue
		}
		if got != c.new {
			t.Errorf("%s: applying the diff gave\n%q\nwant\n%q\ndiff:\n%s", c.name, got, c.new, diff)
		}
	}
}

func TestEqual(t *testing.T) {
	for _, s := range []string{"", "a\n", "a"} {
		if d := Unified("a", "b", s, s); d != "" {
			t.Errorf("Unified(%q, %q) = %q, want \"\"", s, s, d)
		}
	}
}

// randomChange returns a text of n distinct lines and a copy changed in
// up to edits places by deleting, replacing or inserting lines, some
// close enough together to share a hunk. A trailing newline is
// sometimes missing on either side.
func randomChange(r *rand.Rand, n, edits int) (old, new string) {
	a := numbered("line", n)
	b := append([]string(nil), a...)
	for i := range edits {
		at := r.IntN(len(b) + 1)
		switch r.IntN(3) {
		case 0:
			if at < len(b) {
				b = append(b[:at], b[at+1+r.IntN(min(3, len(b)-at)):]...)
			}
		case 1:
			if at < len(b) {
				b[at] = fmt.Sprintf("changed %d\n", i)
			}
		default:
			b = insertAfter(b, at, numbered(fmt.Sprintf("new%d.", i), 1+r.IntN(4))...)
		}
	}
	old, new = join(a), join(b)
	if r.IntN(4) == 0 {
		old = strings.TrimSuffix(old, "\n")
	}
	if r.IntN(4) == 0 {
		new = strings.TrimSuffix(new, "\n")
	}
	return old, new
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyStrictly applies a unified diff of one file to old as its hunk
// headers say, and fails where the lines are not at the places named.
func applyStrictly(diff, old string) (string, error) {
	if diff == "" {
		return old, nil
	}
	lines := strings.SplitAfter(diff, "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[0], "--- ") || !strings.HasPrefix(lines[1], "+++ ") || lines[len(lines)-1] != "" {
		return "", fmt.Errorf("malformed diff")
	}
	// Join each "\ No newline" marker to the line it qualifies.
	var body []string
	for _, l := range lines[2 : len(lines)-1] {
		if l == "\\ No newline at end of file\n" {
			if len(body) == 0 {
				return "", fmt.Errorf("misplaced no-newline marker")
			}
			body[len(body)-1] = strings.TrimSuffix(body[len(body)-1], "\n")
			continue
		}
		body = append(body, l)
	}

	a := splitLines(old)
	var out []string
	pos := 0 // the next line of a not yet copied
	for len(body) > 0 {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(body[0], "\n"))
		if m == nil {
			return "", fmt.Errorf("want a hunk header, got %q", body[0])
		}
		body = body[1:]
		oldAt, oldCount := rangeStart(m[1], m[2])
		newAt, newCount := rangeStart(m[3], m[4])
		if oldAt < pos || oldAt > len(a) {
			return "", fmt.Errorf("%s: old start out of order or range", m[0])
		}
		out = append(out, a[pos:oldAt]...)
		pos = oldAt
		if len(out) != newAt {
			return "", fmt.Errorf("%s: new start is line %d of the result, want %d", m[0], newAt+1, len(out)+1)
		}
		oldSeen, newSeen := 0, 0
		for len(body) > 0 && !strings.HasPrefix(body[0], "@@") {
			l := body[0]
			body = body[1:]
			kind, text := l[0], l[1:]
			if kind == ' ' || kind == '-' {
				if pos >= len(a) || a[pos] != text {
					return "", fmt.Errorf("%s: %q does not match old line %d", m[0], l, pos+1)
				}
				pos++
				oldSeen++
			}
			switch kind {
			case ' ', '+':
				out = append(out, text)
				newSeen++
			case '-':
			default:
				return "", fmt.Errorf("bad hunk line %q", l)
			}
		}
		if oldSeen != oldCount || newSeen != newCount {
			return "", fmt.Errorf("%s: hunk has %d old and %d new lines", m[0], oldSeen, newSeen)
		}
	}
	out = append(out, a[pos:]...)
	return join(out), nil
}

// rangeStart returns the 0-based index of the first line of a hunk range
// and its count; an empty range names the line before it.
func rangeStart(start, count string) (int, int) {
	s, _ := strconv.Atoi(start)
	n := 1
	if count != "" {
		n, _ = strconv.Atoi(count)
	}
	if n == 0 {
		return s, 0
	}
	return s - 1, n
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
