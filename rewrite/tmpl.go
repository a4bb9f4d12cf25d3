package rewrite

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"text/template"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"

	"github.com/ctxtrace/ctxtrace/templates"
)

// Site is the data every template receives; templates/README.md documents
// it for people who write their own.
type Site struct {
	Ctx        string // variable the span's context is assigned to; "_" when nothing uses it
	Span       string // variable the span is assigned to
	Parent     string // expression of the context the span starts from
	Tracer     string // the package-level tracer variable
	TracerName string // the instrumentation scope name (tracer.tmpl only)
	Name       string // span name
	Function   string // code.function.name: import path and function
	File       string // code.file.path: the file's path relative to its module
	Line       int    // code.line.number of the function or go statement
	Err        string // the named error result to record, "" if the function returns none
	Request    string // the *http.Request parameter of a handler, "" otherwise
	// Pkg maps the usual name of each package injected code may use
	// (context, otel, trace, codes, attribute, and those the support file
	// imports) to its name in this file.
	Pkg map[string]string
}

// Template names, one per kind of injected code.
const (
	tmplFunc    = "func.tmpl"
	tmplGo      = "go.tmpl"
	tmplItem    = "item.tmpl"
	tmplItemEnd = "itemend.tmpl"
	tmplTracer  = "tracer.tmpl"
	tmplInit    = "init.tmpl"
	// The declarations of the package's support file (support.go).
	tmplEnvelope = "envelope.tmpl"
	tmplSetup    = "setup.tmpl"
)

type templateSet map[string]*template.Template

// loadTemplates parses the embedded templates, replacing any that dir
// (if not "") holds a file of the same name for.
func loadTemplates(dir string) (templateSet, error) {
	set := make(templateSet)
	names, err := fs.Glob(templates.FS, "*.tmpl")
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
	}
	for _, name := range names {
		text, err := fs.ReadFile(templates.FS, name)
		if err != nil {
			return nil, err
		}
		source := "templates/" + name
		if dir != "" {
			override := filepath.Join(dir, name)
			if b, err := os.ReadFile(override); err == nil {
				text, source = b, override
			} else if !os.IsNotExist(err) {
				return nil, fmt.Errorf("templates: %w", err)
			}
		}
		t, err := template.New(source).Funcs(template.FuncMap{"quote": strconv.Quote}).Option("missingkey=error").Parse(string(text))
		if err != nil {
			return nil, err
		}
		set[name] = t
	}
	return set, nil
}

// stmts renders a statement template for site and parses the result. Each
// statement carries the marker; the first one also carries words.
func (ts templateSet) stmts(name string, site *Site, where string, words ...string) ([]dst.Stmt, error) {
	text, err := ts.execute(name, site, where)
	if err != nil {
		return nil, err
	}
	f, err := decorator.Parse("package p\n\nfunc _() {\n" + text + "\n}\n")
	if err != nil {
		return nil, fmt.Errorf("%s: template %s rendered invalid Go: %v\n%s", where, ts[name].Name(), err, text)
	}
	body := f.Decls[0].(*dst.FuncDecl).Body.List
	for i, stmt := range body {
		decs := stmt.Decorations()
		decs.Before, decs.After = dst.NewLine, dst.NewLine
		if i == 0 {
			mark(stmt, words...)
		} else {
			mark(stmt)
		}
	}
	return body, nil
}

// decl renders a declaration template for site and parses the result.
func (ts templateSet) decl(name string, site *Site, where string) (dst.Decl, error) {
	text, err := ts.execute(name, site, where)
	if err != nil {
		return nil, err
	}
	f, err := decorator.Parse("package p\n\n" + text + "\n")
	if err != nil || len(f.Decls) != 1 {
		if err == nil {
			err = fmt.Errorf("want one declaration, got %d", len(f.Decls))
		}
		return nil, fmt.Errorf("%s: template %s rendered invalid Go: %v\n%s", where, ts[name].Name(), err, text)
	}
	decl := f.Decls[0]
	decl.Decorations().Before = dst.EmptyLine
	mark(decl)
	return decl, nil
}

// decls renders a template of declarations for the support file and
// parses the result.
func (ts templateSet) decls(name string, site *Site, where string) ([]dst.Decl, error) {
	text, err := ts.execute(name, site, where)
	if err != nil {
		return nil, err
	}
	f, err := decorator.Parse("package p\n\n" + text + "\n")
	if err != nil {
		return nil, fmt.Errorf("%s: template %s rendered invalid Go: %v\n%s", where, ts[name].Name(), err, text)
	}
	for _, d := range f.Decls {
		d.Decorations().Before = dst.EmptyLine
	}
	return f.Decls, nil
}

func (ts templateSet) execute(name string, site *Site, where string) (string, error) {
	var buf bytes.Buffer
	if err := ts[name].Execute(&buf, site); err != nil {
		return "", fmt.Errorf("%s: %v", where, err)
	}
	return buf.String(), nil
}
