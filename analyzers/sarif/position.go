package sarif

import (
	"fmt"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// text indexes one file's content by line, to turn byte offsets into
// SARIF's 1-based lines and UTF-16 columns. Go positions count bytes, but
// SARIF viewers count UTF-16 code units unless told otherwise, so a
// column after "héllo" differs between the two.
type text struct {
	content    []byte
	lineStarts []int // byte offset of the start of each line
}

func newText(content []byte) *text {
	starts := []int{0}
	for i, b := range content {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &text{content: content, lineStarts: starts}
}

// position returns the 1-based line and UTF-16 column of a byte offset.
// An offset inside a multi-byte character counts as that character's
// start, which cannot arise from Go positions but keeps bad input from
// producing impossible columns.
func (t *text) position(offset int) (line, column int, err error) {
	if offset < 0 || offset > len(t.content) {
		return 0, 0, fmt.Errorf("offset %d outside the file's %d bytes (was it changed since it was analyzed?)", offset, len(t.content))
	}
	i := sort.Search(len(t.lineStarts), func(i int) bool { return t.lineStarts[i] > offset }) - 1
	return i + 1, 1 + utf16Len(t.content[t.lineStarts[i]:offset]), nil
}

// region returns the region of bytes [start, end). An empty span is kept
// as an insertion point (endColumn == startColumn) when point is true, as
// a replacement's deletedRegion must be; otherwise the end is left out,
// which SARIF reads as "to the end of the line".
func (t *text) region(start, end int, point bool) (Region, error) {
	if end < start {
		return Region{}, fmt.Errorf("span end %d before start %d", end, start)
	}
	var r Region
	var err error
	if r.StartLine, r.StartColumn, err = t.position(start); err != nil {
		return Region{}, err
	}
	if end == start && !point {
		return r, nil
	}
	if r.EndLine, r.EndColumn, err = t.position(end); err != nil {
		return Region{}, err
	}
	return r, nil
}

func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		// utf8.RuneError for an invalid byte is U+FFFD, one code unit, the
		// same as a viewer that decodes the file leniently shows.
		n += utf16.RuneLen(r)
	}
	return n
}
