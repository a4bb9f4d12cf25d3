// Package templates holds the Go text/templates that render the code
// otelgen injects. Their data and how to override them are described in
// README.md beside them.
package templates

import "embed"

// FS holds the embedded templates, one *.tmpl file per kind of injection.
//
//go:embed *.tmpl
var FS embed.FS
