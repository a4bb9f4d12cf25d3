// Package golist turns the errors of go/packages.Load into the one line a
// user should read.
package golist

import (
	"errors"
	"regexp"
	"strings"
)

// goListFailure matches how go/packages wraps a go list that failed as a
// whole: "err: exit status 1: stderr: go: ...".
var goListFailure = regexp.MustCompile(`^err: exit status \d+: stderr: `)

// LoadError returns err, the error of packages.Load, as one line: the
// go command's own message without go/packages' wrapping, its "# pkg"
// headers, or its advice on a second line.
func LoadError(err error) error {
	return errors.New(Line(goListFailure.ReplaceAllString(err.Error(), "")))
}

// Line returns the first line of a go command message that says
// something, with the advice the go command indents on the next line
// ("to add it:\n\tgo get ...") joined to it.
func Line(msg string) string {
	msg = strings.ReplaceAll(msg, ":\n\t", ": ")
	for line := range strings.Lines(msg) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "# ") {
			return line
		}
	}
	return strings.TrimSpace(msg)
}
