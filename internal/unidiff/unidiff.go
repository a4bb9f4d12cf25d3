// Package unidiff prints unified diffs, for otelgen -d and ctxlint
// -fix -diff.
//
// It exists because go-udiff's Unified, a copy of x/tools' internal/diff
// (golang/go#81453), puts a wrong new-file start line in every hunk after
// one that joins two nearby edits: it does not count the unchanged lines
// between them. git apply then finds such a hunk only by searching at an
// offset, and a reader sent to the line named lands on the wrong one. The
// hunks here come from go-udiff's line diff, which gives exact old and new
// line indices, so no header depends on a running count.
package unidiff

import (
	"fmt"
	"strings"

	"github.com/aymanbagabas/go-udiff/lcs"
)

// contextLines is the number of unchanged lines shown around each
// change, as in diff -u, git diff and gofmt -d. Changes separated by at
// most twice as many unchanged lines share a hunk.
const contextLines = 3

// Unified returns the unified diff that turns old into new, with
// oldLabel and newLabel on its --- and +++ lines, or "" when they are
// equal. A last line without a newline is marked as diff -u marks it.
func Unified(oldLabel, newLabel, old, new string) string {
	if old == new {
		return ""
	}
	a, b := splitLines(old), splitLines(new)
	diffs := lcs.DiffLines(a, b)
	if len(diffs) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", oldLabel, newLabel)
	for len(diffs) > 0 {
		n := 1
		for n < len(diffs) && diffs[n].Start-diffs[n-1].End <= 2*contextLines {
			n++
		}
		writeHunk(&out, a, b, diffs[:n])
		diffs = diffs[n:]
	}
	return out.String()
}

// writeHunk writes the hunk of the changes ds, which are in order and
// close enough to share one.
func writeHunk(out *strings.Builder, a, b []string, ds []lcs.Diff) {
	first, last := ds[0], ds[len(ds)-1]
	lead := min(contextLines, first.Start)
	trail := min(contextLines, len(a)-last.End)
	oldStart, oldEnd := first.Start-lead, last.End+trail
	newStart, newEnd := first.ReplStart-lead, last.ReplEnd+trail
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldEnd), hunkRange(newStart, newEnd))
	pos := oldStart
	for _, d := range ds {
		writeLines(out, ' ', a[pos:d.Start])
		writeLines(out, '-', a[d.Start:d.End])
		writeLines(out, '+', b[d.ReplStart:d.ReplEnd])
		pos = d.End
	}
	writeLines(out, ' ', a[pos:oldEnd])
}

// hunkRange formats the 0-based half-open line range [start, end) of a
// hunk header as diff -u does: "line,count", just "line" for one line,
// and for no lines the line before the hunk with count 0.
func hunkRange(start, end int) string {
	switch end - start {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprint(start + 1)
	}
	return fmt.Sprintf("%d,%d", start+1, end-start)
}

func writeLines(out *strings.Builder, prefix byte, lines []string) {
	for _, l := range lines {
		out.WriteByte(prefix)
		out.WriteString(l)
		if !strings.HasSuffix(l, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// splitLines splits text after each newline; a last line without one is
// a line too. These are the lines go-udiff's own Lines diffs.
func splitLines(text string) []string {
	lines := strings.SplitAfter(text, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}
