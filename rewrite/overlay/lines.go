package overlay

import (
	"bytes"
	"fmt"
	"go/scanner"
	"go/token"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// withLineDirectives returns injected, the instrumented form of original,
// with //line directives wherever injected lines would shift the lines
// after them, so that panics, stack traces, compiler errors and coverage
// of an instrumented build name the line of path the user wrote. Injected
// lines are attributed to the user's line before them.
func withLineDirectives(path string, original, injected []byte) ([]byte, error) {
	origin, err := originalLines(string(original), string(injected))
	if err != nil {
		return nil, fmt.Errorf("line directives for %s: %w", path, err)
	}
	userPosition := userLineDirectives(path, original)
	insideToken := multiLineTokenInteriors(injected)
	lines := strings.SplitAfter(string(injected), "\n")
	var out bytes.Buffer
	out.Grow(len(injected) + len(injected)/4)
	want := linePos{path, 1} // the position the compiler assumes next
	for i, line := range lines {
		if i == len(lines)-1 && line == "" {
			break
		}
		at := linePos{path, origin[i]}
		if userPosition != nil {
			at = userPosition(origin[i])
		}
		if at != want && !insideToken[i+1] {
			fmt.Fprintf(&out, "//line %s:%d\n", at.file, at.line)
			want = at
		}
		out.WriteString(line)
		want.line++
		if userPosition != nil && isLineDirective(line) {
			// The user's directive would move the compiler elsewhere,
			// relative to the overlay file's directory: the next line
			// gets a fence of ours with the absolute position.
			want = linePos{}
		}
	}
	return out.Bytes(), nil
}

// linePos is a file name and line, as a //line directive states them.
type linePos struct {
	file string
	line int
}

// userLineDirectives returns, for a file with //line directives of its
// own (generated code: yacc, templ), the position each of its lines
// stands for, with file names as the directives write them (the compiler
// keeps a relative one relative); nil for other files.
func userLineDirectives(path string, src []byte) func(line int) linePos {
	if !bytes.Contains(src, []byte("//line ")) && !bytes.Contains(src, []byte("/*line ")) {
		return nil
	}
	fset := token.NewFileSet()
	// An unnamed file keeps go/scanner from joining relative names to
	// the file's directory.
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	for {
		if _, tok, _ := s.Scan(); tok == token.EOF {
			break
		}
	}
	return func(line int) linePos {
		if line < 1 || line > file.LineCount() {
			return linePos{path, line}
		}
		p := file.PositionFor(file.LineStart(line), true)
		if p.Filename == "" {
			p.Filename = path // before the first directive
		}
		return linePos{p.Filename, p.Line}
	}
}

// isLineDirective reports whether a line holds a //line or /*line
// comment that changes the positions after it.
func isLineDirective(line string) bool {
	return strings.HasPrefix(line, "//line ") || strings.Contains(line, "/*line ")
}

// originalLines maps each line of injected (0-based index) to the line of
// original (1-based) it stands for.
func originalLines(original, injected string) ([]int, error) {
	// A line inside a raw string or general comment may only match
	// itself: a string's lone "}" line must not stand for a closing brace.
	original, injected = markTokenInteriors(original), markTokenInteriors(injected)
	edits := udiff.Lines(original, injected)
	diff, err := udiff.ToUnifiedDiff("a", "b", original, edits, 0)
	if err != nil {
		return nil, err
	}
	origin := make([]int, strings.Count(injected, "\n")+1)
	oldLine, newLine := 1, 1 // next unmatched line on each side
	equalUntil := func(newEnd int) {
		for ; newLine < newEnd; newLine, oldLine = newLine+1, oldLine+1 {
			origin[newLine-1] = oldLine
		}
	}
	for _, h := range diff.Hunks {
		equalUntil(h.ToLine)
		var deleted, inserted []string
		for _, l := range h.Lines {
			switch l.Kind {
			case udiff.Delete:
				deleted = append(deleted, l.Content)
			case udiff.Insert:
				inserted = append(inserted, l.Content)
			}
		}
		// A pure deletion has ToLine at the line before it.
		if len(inserted) == 0 {
			oldLine += len(deleted)
			continue
		}
		matchOf := alignLines(deleted, inserted)
		prev := max(oldLine-1, 1)
		for j := range inserted {
			if m := matchOf[j]; m >= 0 {
				prev = oldLine + m
			}
			origin[newLine-1+j] = prev
		}
		newLine += len(inserted)
		oldLine += len(deleted)
	}
	equalUntil(len(origin) + 1)
	return origin, nil
}

// alignLines pairs the lines a hunk deleted with the lines it inserted
// that are edits of them (a signature that gained a parameter, a send
// that gained an envelope), in order, maximising how much of each pair is
// shared. It returns for each inserted line the index of its deleted
// line, or -1 for a line that was injected whole.
func alignLines(deleted, inserted []string) []int {
	n, m := len(deleted), len(inserted)
	score := make([][]int, n+1)
	for i := range score {
		score[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			best := max(score[i+1][j], score[i][j+1])
			if s := similarity(deleted[i], inserted[j]); s > 0 {
				best = max(best, s+score[i+1][j+1])
			}
			score[i][j] = best
		}
	}
	matchOf := make([]int, m)
	for j := range matchOf {
		matchOf[j] = -1
	}
	for i, j := 0, 0; i < n && j < m; {
		s := similarity(deleted[i], inserted[j])
		switch {
		case s > 0 && score[i][j] == s+score[i+1][j+1]:
			matchOf[j] = i
			i, j = i+1, j+1
		case score[i][j] == score[i+1][j]:
			i++
		default:
			j++
		}
	}
	return matchOf
}

// similarity is the length of the common prefix plus the common suffix of
// two lines without their indentation and line comments.
func similarity(a, b string) int {
	a, b = codeOf(a), codeOf(b)
	if a == "" || b == "" {
		return 0
	}
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return p + s
}

// codeOf returns line without indentation and a trailing line comment.
func codeOf(line string) string {
	line = strings.TrimSpace(line)
	if i := strings.Index(line, "//"); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	return line
}

func markTokenInteriors(src string) string {
	inside := multiLineTokenInteriors([]byte(src))
	if len(inside) == 0 {
		return src
	}
	lines := strings.SplitAfter(src, "\n")
	for i := range lines {
		if inside[i+1] {
			lines[i] = "\x00" + lines[i]
		}
	}
	return strings.Join(lines, "")
}

// multiLineTokenInteriors returns the lines (1-based) that begin inside a
// raw string or a general comment, where a //line directive would change
// the program or the comment.
func multiLineTokenInteriors(src []byte) map[int]bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, nil, scanner.ScanComments)
	inside := make(map[int]bool)
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if (tok != token.STRING && tok != token.COMMENT) || !strings.Contains(lit, "\n") {
			continue
		}
		first := file.Line(pos)
		for l := first + 1; l <= first+strings.Count(lit, "\n"); l++ {
			inside[l] = true
		}
	}
	return inside
}
