package driver

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"maps"
	"os"
	"slices"
	"strconv"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/ctxtrace/ctxtrace/internal/filewrite"
	"github.com/ctxtrace/ctxtrace/internal/unidiff"
)

// applyFixes applies the first suggested fix of each finding, as
// multichecker's -fix does: each fix is merged onto the edits accepted so
// far like a three-way merge, and a fix that conflicts with them, or
// touches a generated file, is left out whole. Fixed files are gofmt'ed,
// with imports that no longer have a use removed. With printDiff the
// files stay as they are and a unified diff goes to stdout instead.
//
// It fails when a fix could not be applied (the message asks to run
// again) or a file could not be written; in the latter case no file is
// changed.
func (r *run) applyFixes(graph *checker.Graph, findings []finding, printDiff bool) error {
	generated := make(map[*token.File]bool)
	// Files of a package that uses cgo are analyzed as cgo's output, a
	// generated copy in the build cache whose offsets are not the
	// source's: a fix there cannot be applied, and saying nothing would
	// lose the finding.
	cgoOutput := make(map[*token.File]bool)
	pkgOf := make(map[*token.File]*types.Package)
	for _, act := range graph.Roots {
		for _, file := range act.Package.Syntax {
			tf := act.Package.Fset.File(file.FileStart)
			if _, ok := generated[tf]; !ok {
				generated[tf] = ast.IsGenerated(file)
				cgoOutput[tf] = !slices.Contains(act.Package.GoFiles, tf.Name())
				pkgOf[tf] = act.Package.Types
			}
		}
	}

	baseline := make(map[string][]byte)
	read := func(tf *token.File) ([]byte, error) {
		if content, ok := baseline[tf.Name()]; ok {
			return content, nil
		}
		content, err := os.ReadFile(tf.Name())
		if err != nil {
			return nil, err
		}
		// A size that differs from the analyzed file's means someone
		// changed it meanwhile: offsets would land in the wrong places.
		if len(content) != tf.Size() {
			return nil, fmt.Errorf("%s changed during analysis (%d bytes, was %d); not fixing it", r.shortPath(tf.Name()), len(content), tf.Size())
		}
		baseline[tf.Name()] = content
		return content, nil
	}

	var (
		accepted = make(map[string][]udiff.Edit)
		pkgs     = make(map[string]*types.Package)
		total    int
		good     int
		skipped  int // edit a generated file
		cgo      int // edit cgo's output
	)
fixes:
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		for _, alt := range f.diag.SuggestedFixes[1:] {
			r.logf("%s: ignoring alternative fix %q", f.analyzer.Name, alt.Message)
		}
		fix := f.diag.SuggestedFixes[0]
		total++
		byFile := make(map[string][]udiff.Edit)
		for _, edit := range fix.TextEdits {
			tf := f.fset.File(edit.Pos)
			if tf == nil {
				continue fixes // checker validated fixes; be safe anyway
			}
			if cgoOutput[tf] {
				cgo++
				fmt.Fprintf(r.stderr, "%s: %s (fix not applied: the file uses cgo; fix it by hand)\n", r.shortPos(f.pos.String()), f.diag.Message)
				continue fixes
			}
			if generated[tf] {
				skipped++
				continue fixes
			}
			if _, err := read(tf); err != nil {
				return err
			}
			pkgs[tf.Name()] = pkgOf[tf]
			byFile[tf.Name()] = append(byFile[tf.Name()], udiff.Edit{
				Start: tf.Offset(edit.Pos),
				End:   tf.Offset(edit.End),
				New:   string(edit.NewText),
			})
		}
		merged := make(map[string][]udiff.Edit)
		for name, edits := range byFile {
			udiff.SortEdits(edits)
			if prev := accepted[name]; len(prev) > 0 {
				var ok bool
				if edits, ok = udiff.Merge(prev, edits); !ok {
					continue fixes // conflicts with an accepted fix
				}
			}
			merged[name] = edits
		}
		maps.Copy(accepted, merged)
		good++
	}

	var files []filewrite.File
	for _, name := range slices.Sorted(maps.Keys(accepted)) {
		edits := accepted[name]
		if len(edits) == 0 {
			continue
		}
		fixed, err := udiff.ApplyBytes(baseline[name], edits)
		if err != nil {
			return fmt.Errorf("applying fixes to %s: %w", r.shortPath(name), err)
		}
		if formatted, err := formatRemovingImports(pkgs[name], fixed); err == nil {
			fixed = formatted
		}
		if printDiff {
			label := r.shortPath(name)
			fmt.Fprint(r.stdout, unidiff.Unified(label+" (old)", label+" (new)", string(baseline[name]), string(fixed)))
			continue
		}
		files = append(files, filewrite.File{Path: name, Content: fixed})
	}
	if err := filewrite.ReplaceAll(files, r.shortPath); err != nil {
		return fmt.Errorf("%w; no file changed", err)
	}
	written := len(files)

	if bad := total - good - skipped - cgo; bad > 0 {
		if printDiff {
			return fmt.Errorf("%d of %s skipped (e.g. due to conflicts)", bad, plural(total, "fix", "fixes"))
		}
		return fmt.Errorf("applied %d of %s; %s updated. (Re-run the command to apply more.)",
			good, plural(total, "fix", "fixes"), plural(written, "file", "files"))
	}
	if cgo > 0 {
		return errReported // each finding's line said its fix was not applied
	}
	if r.opts.debugging('v') {
		if skipped > 0 {
			r.logf("skipped %s that would edit generated files", plural(skipped, "fix", "fixes"))
		}
		r.logf("applied %s, updated %s", plural(good, "fix", "fixes"), plural(written, "file", "files"))
	}
	return nil
}

// errReported is a failure whose lines were printed already.
var errReported = errors.New("reported")

// formatRemovingImports gofmts a fixed file and drops the imports it no
// longer uses: a fix that replaced the last use of a package would
// otherwise leave a file that does not compile.
func formatRemovingImports(pkg *types.Package, src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	ast.SortImports(fset, file)
	if pkg != nil {
		removeUnusedImports(fset, pkg, file)
	}
	// go/format's printer settings, including number normalization.
	const normalizeNumbers = 1 << 30
	cfg := &printer.Config{Mode: printer.UseSpaces | printer.TabIndent | normalizeNumbers, Tabwidth: 8}
	var buf bytes.Buffer
	if err := cfg.Fprint(&buf, fset, file); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// removeUnusedImports deletes the imports whose name is never the
// qualifier of a selector (name.X) outside the import declarations.
// Without type information for the fixed file this is a conservative
// guess: a local variable with the package's name keeps the import.
// Imports whose name is unknown (added by a fix), dot and blank imports
// are kept.
func removeUnusedImports(fset *token.FileSet, pkg *types.Package, file *ast.File) {
	names := make(map[string]string) // import path -> package name
	var visit func(*types.Package)
	visit = func(p *types.Package) {
		if _, ok := names[p.Path()]; ok {
			return
		}
		names[p.Path()] = p.Name()
		for _, imp := range p.Imports() {
			visit(imp)
		}
	}
	for _, imp := range pkg.Imports() {
		visit(imp)
	}

	used := make(map[string]bool)
	for _, decl := range file.Decls {
		if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(decl, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}

	type spec struct{ name, path string }
	var unused []spec
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		explicit := ""
		if imp.Name != nil {
			explicit = imp.Name.Name
		}
		name := explicit
		if name == "" {
			name = names[path]
		}
		switch name {
		case "", ".", "_":
			continue
		}
		if !used[name] {
			unused = append(unused, spec{explicit, path})
		}
	}
	for _, s := range unused {
		astutil.DeleteNamedImport(fset, file, s.name, s.path)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
