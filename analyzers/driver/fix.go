package driver

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/ctxtrace/ctxtrace/internal/filewrite"
	"github.com/ctxtrace/ctxtrace/internal/golist"
	"github.com/ctxtrace/ctxtrace/internal/unidiff"
)

// fixOutcome is what became of one finding under -fix.
type fixOutcome struct {
	finding
	fixed bool
	why   string // why a fix was not applied; "" when there was none to apply
}

// fixPlan is the result of merging the findings' fixes: what became of
// each finding, and the new content of each file that changes.
type fixPlan struct {
	outcomes []fixOutcome
	original map[string][]byte
	fixed    map[string][]byte
}

// planFixes merges the first suggested fix of each finding, as
// multichecker's -fix does: each fix is merged onto the edits accepted so
// far like a three-way merge, and a fix that conflicts with them, or
// touches a generated file, is left out whole. Fixed files are gofmt'ed,
// with imports that no longer have a use removed. started is when the
// analysis began: a file changed since then is not fixed. It fails when a
// file cannot be read.
func (r *run) planFixes(findings []finding, started time.Time) (*fixPlan, error) {
	files := newFixFiles(r, started)
	accepted := make(map[string][]udiff.Edit)
	plan := &fixPlan{original: files.content, fixed: make(map[string][]byte)}
	for _, f := range findings {
		out := fixOutcome{finding: f}
		if len(f.diag.SuggestedFixes) > 0 {
			edits, why, err := files.editsOf(f.diag.SuggestedFixes[0])
			if err != nil {
				return nil, err
			}
			if why == "" {
				why = mergeInto(accepted, edits)
			}
			out.fixed, out.why = why == "", why
		}
		plan.outcomes = append(plan.outcomes, out)
	}
	for name, edits := range accepted {
		fixed, err := udiff.ApplyBytes(files.content[name], edits)
		if err != nil {
			return nil, fmt.Errorf("applying fixes to %s: %w", r.shortPath(name), err)
		}
		if formatted, err := r.formatRemovingImports(fixed); err == nil {
			fixed = formatted
		}
		plan.fixed[name] = fixed
	}
	return plan, nil
}

// write replaces the fixed files, all or none, or with printDiff prints
// their changes as a unified diff instead.
func (r *run) write(plan *fixPlan, printDiff bool) error {
	var changed []filewrite.File
	for _, name := range slices.Sorted(maps.Keys(plan.fixed)) {
		if printDiff {
			// As gofmt -d and otelgen -d name the sides, which git
			// apply and patch read.
			label := filepath.ToSlash(r.shortPath(name))
			fmt.Fprint(r.stdout, unidiff.Unified(label+".orig", label, string(plan.original[name]), string(plan.fixed[name])))
			continue
		}
		changed = append(changed, filewrite.File{Path: name, Content: plan.fixed[name]})
	}
	if err := filewrite.ReplaceAll(changed, r.shortPath); err != nil {
		return fmt.Errorf("%w; no file changed", err)
	}
	return nil
}

// mergeInto adds a fix's edits, by file, to those accepted so far, or
// says why it cannot: it overlaps an accepted fix differently.
func mergeInto(accepted map[string][]udiff.Edit, byFile map[string][]udiff.Edit) string {
	merged := make(map[string][]udiff.Edit)
	for name, edits := range byFile {
		udiff.SortEdits(edits)
		if prev := accepted[name]; len(prev) > 0 {
			var ok bool
			if edits, ok = udiff.Merge(prev, edits); !ok {
				return "it conflicts with another fix; run -fix again"
			}
		}
		merged[name] = edits
	}
	maps.Copy(accepted, merged)
	return ""
}

// fixFiles reads the files fixes edit, once each, and knows which of
// them a fix may not touch.
type fixFiles struct {
	r          *run
	started    time.Time
	content    map[string][]byte
	generated  map[string]bool
	cgo        map[string]bool                // imports "C"
	directives map[string]map[string][]string // by directory, see lineDirectives
}

func newFixFiles(r *run, started time.Time) *fixFiles {
	return &fixFiles{r: r, started: started, content: make(map[string][]byte), generated: make(map[string]bool),
		cgo: make(map[string]bool), directives: make(map[string]map[string][]string)}
}

// editsOf returns a fix's edits by file, or why the fix is not applied.
func (ff *fixFiles) editsOf(fix jsonSuggestedFix) (map[string][]udiff.Edit, string, error) {
	byFile := make(map[string][]udiff.Edit)
	for _, e := range fix.Edits {
		name, why := ff.resolve(e.Filename)
		if why != "" {
			return nil, why, nil
		}
		content, err := ff.read(name)
		if err != nil {
			return nil, "", err
		}
		switch {
		case ff.generated[name]:
			return nil, "the file is generated", nil
		case ff.cgo[name]:
			// go vet analyses cgo's output, whose offsets are not the
			// source's.
			return nil, "the file uses cgo; fix it by hand", nil
		case e.Start < 0 || e.End < e.Start || e.End > len(content):
			return nil, "its edits lie outside " + ff.r.shortPath(name), nil
		}
		byFile[name] = append(byFile[name], udiff.Edit{Start: e.Start, End: e.End, New: e.New})
	}
	return byFile, "", nil
}

// resolve returns the file an edit's offsets address. go vet names it by
// the position of the edit, after //line directives: the file a
// directive names stands for the one .go file in its directory whose
// directive names it. A file that a directive elsewhere names might be
// either, so it is not edited.
func (ff *fixFiles) resolve(name string) (string, string) {
	const remapped = "a //line directive maps its position; fix it by hand"
	dir, base := filepath.Dir(name), filepath.Base(name)
	holders := ff.lineDirectives(dir)[base]
	if strings.HasSuffix(name, ".go") && fileExists(name) {
		if len(holders) > 0 && !slices.Equal(holders, []string{name}) {
			return "", remapped
		}
		return name, ""
	}
	if len(holders) != 1 {
		return "", remapped
	}
	return holders[0], ""
}

// lineDirective matches a //line or /*line directive's file name.
var lineDirective = regexp.MustCompile(`(?m)(?://|/\*)line ([^\n]+?):\d+`)

// lineDirectives returns, for each file name that //line directives in
// dir's .go files name, the files holding such directives.
func (ff *fixFiles) lineDirectives(dir string) map[string][]string {
	if m, ok := ff.directives[dir]; ok {
		return m
	}
	m := make(map[string][]string)
	ff.directives[dir] = m
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, file := range files {
		content, err := os.ReadFile(file)
		if err != nil || !bytes.Contains(content, []byte("line ")) {
			continue
		}
		for _, match := range lineDirective.FindAllSubmatch(content, -1) {
			target := filepath.Base(string(match[1]))
			if !slices.Contains(m[target], file) {
				m[target] = append(m[target], file)
			}
		}
	}
	return m
}

func fileExists(name string) bool {
	info, err := os.Stat(name)
	return err == nil && info.Mode().IsRegular()
}

func (ff *fixFiles) read(name string) ([]byte, error) {
	if content, ok := ff.content[name]; ok {
		return content, nil
	}
	info, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	// Offsets computed before a change would land in the wrong places.
	if info.ModTime().After(ff.started) {
		return nil, fmt.Errorf("%s changed during analysis; not fixing it", ff.r.shortPath(name))
	}
	content, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	ff.content[name] = content
	if file, err := parser.ParseFile(token.NewFileSet(), name, content, parser.ImportsOnly|parser.ParseComments); err == nil {
		ff.generated[name] = ast.IsGenerated(file)
		ff.cgo[name] = slices.ContainsFunc(file.Imports, func(imp *ast.ImportSpec) bool { return imp.Path.Value == `"C"` })
	}
	return content, nil
}

// formatRemovingImports gofmts a fixed file and drops the imports it no
// longer uses: a fix that replaced the last use of a package would
// otherwise leave a file that does not compile.
func (r *run) formatRemovingImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	ast.SortImports(fset, file)
	removeUnusedImports(fset, r.importNames(file), file)
	// go/format's printer settings, including number normalization.
	const normalizeNumbers = 1 << 30
	cfg := &printer.Config{Mode: printer.UseSpaces | printer.TabIndent | normalizeNumbers, Tabwidth: 8}
	var buf bytes.Buffer
	if err := cfg.Fprint(&buf, fset, file); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// importNames returns the package names of the file's imports that do
// not name their package, as the go command resolves them; an import it
// cannot resolve is left out.
func (r *run) importNames(file *ast.File) map[string]string {
	if r.packageNames == nil {
		r.packageNames = make(map[string]string)
	}
	var unknown []string
	for _, imp := range file.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if _, known := r.packageNames[path]; err == nil && imp.Name == nil && !known {
			unknown = append(unknown, path)
		}
	}
	if len(unknown) > 0 {
		out, err := golist.Go(r.dir, r.Env, append([]string{"list", "-e", "-f", "{{.ImportPath}} {{.Name}}"}, unknown...)...)
		if err == nil {
			for line := range strings.Lines(out) {
				if path, name, ok := strings.Cut(strings.TrimSpace(line), " "); ok && name != "" {
					r.packageNames[path] = name
				}
			}
		}
		for _, path := range unknown {
			if _, ok := r.packageNames[path]; !ok {
				r.packageNames[path] = ""
			}
		}
	}
	return r.packageNames
}

// removeUnusedImports deletes the imports whose name is never the
// qualifier of a selector (name.X) outside the import declarations.
// Without type information for the fixed file this is a conservative
// guess: a local variable with the package's name keeps the import.
// Imports whose name is unknown, dot and blank imports are kept.
func removeUnusedImports(fset *token.FileSet, names map[string]string, file *ast.File) {
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
