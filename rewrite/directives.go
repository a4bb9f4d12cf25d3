package rewrite

import (
	"strconv"
	"strings"

	"github.com/dave/dst"
)

// Directives a user writes to steer otelgen.
const (
	directiveIgnore = "//otelgen:ignore"
	directiveSpan   = "//otelgen:span"
)

// ignored reports whether decs hold //otelgen:ignore.
func ignored(decs ...dst.Decorations) bool {
	return hasDirective(directiveIgnore, decs...)
}

// hasDirective reports whether decs hold directive, alone or followed by
// arguments.
func hasDirective(directive string, decs ...dst.Decorations) bool {
	for _, d := range decs {
		for _, c := range d {
			if c == directive || strings.HasPrefix(c, directive+" ") {
				return true
			}
		}
	}
	return false
}

// spanDirective reports whether decs hold //otelgen:span, with or without
// a name: the function gets a span whatever the span rule says.
func spanDirective(decs ...dst.Decorations) bool {
	return hasDirective(directiveSpan, decs...)
}

// spanNameDirective returns the name an //otelgen:span "name" directive
// among decs gives, if there is one.
func spanNameDirective(decs ...dst.Decorations) (string, bool) {
	for _, d := range decs {
		for _, c := range d {
			rest, ok := strings.CutPrefix(c, directiveSpan+" ")
			if !ok {
				continue
			}
			if name, err := strconv.Unquote(strings.TrimSpace(rest)); err == nil && name != "" {
				return name, true
			}
		}
	}
	return "", false
}
