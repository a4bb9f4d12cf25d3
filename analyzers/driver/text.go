package driver

import (
	"bytes"
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"strings"
)

// printText writes each finding as "file:line:col: message", the file
// relative to the working directory like go vet's, followed by its
// related positions indented by a tab. With contextLines >= 0 each
// position is followed by the offending lines and that many lines
// around them.
func (r *run) printText(w io.Writer, findings []finding, contextLines int) error {
	var buf bytes.Buffer
	for _, f := range findings {
		r.printPosition(&buf, f.pos, f.end, f.diag.Message, contextLines)
		for _, rel := range f.diag.Related {
			pos := parsePosition(rel.Posn)
			end := parsePosition(cmp.Or(rel.End, rel.Posn))
			r.printPosition(&buf, pos, end, "\t"+rel.Message, contextLines)
		}
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (r *run) printPosition(buf *bytes.Buffer, pos, end token.Position, message string, contextLines int) {
	shown := pos
	shown.Filename = r.shortPath(pos.Filename)
	fmt.Fprintf(buf, "%s: %s\n", shown, message)
	if contextLines < 0 || !pos.IsValid() {
		return
	}
	if !end.IsValid() {
		end = pos
	}
	data, err := os.ReadFile(pos.Filename)
	if err != nil {
		return // the position line alone still says where
	}
	lines := strings.Split(string(data), "\n")
	for i := pos.Line - contextLines; i <= end.Line+contextLines; i++ {
		if 1 <= i && i <= len(lines) {
			fmt.Fprintf(buf, "%d\t%s\n", i, lines[i-1])
		}
	}
}
