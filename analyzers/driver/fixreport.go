package driver

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ctxtrace/ctxtrace/internal/filewrite"
)

// fix applies the fixes of findings, or prints them as a diff, and says
// what it did: each fixed finding as "file:line:col: fixed: what", then
// the findings that remain, as the text output prints them, and a
// summary line. What remains is what go vet finds in the fixed files
// (through an overlay, before anything is written), so a finding that a
// fix made moot is not listed, and fixes that would break the build are
// not applied. The status is 3 when findings remain, 1 when a file could
// not be read or written, the fixes do not build, or an analyzer failed.
func (r *run) fix(findings []finding, analysisErrs []string, started time.Time, patterns []string, fs *flag.FlagSet) int {
	for _, msg := range analysisErrs {
		fmt.Fprintln(r.stderr, msg)
	}
	plan, err := r.planFixes(findings, started)
	if err != nil {
		r.logf("%v", err)
		return exitFailed
	}
	remaining := plan.unfixed()
	if len(plan.fixed) > 0 {
		after, code := r.vetFixed(plan, patterns, fs)
		if code != exitOK {
			return code
		}
		remaining = plan.explain(after)
	}
	if err := r.write(plan, r.opts.diff); err != nil {
		r.logf("%v", err)
		return exitFailed
	}
	r.reportFixes(plan, remaining)
	switch {
	case len(analysisErrs) > 0:
		return exitFailed
	case len(remaining) > 0:
		return exitFindings
	}
	return exitOK
}

// vetFixed runs go vet again over the patterns with the fixed files in
// an overlay and returns its findings, or a non-zero status when that
// failed (the fixed code does not build, say), having said why.
//
// go vet caches what it prints by the files' content, naming the files
// it was given: the overlay's. A later run over the same content, once
// written, would replay those names. So preview runs pass -fixpreview,
// which keeps their results apart in the cache, and each overlay file's
// name is fixed by the file it stands for and its content, so that a
// replayed preview still names a file this run knows.
func (r *run) vetFixed(plan *fixPlan, patterns []string, fs *flag.FlagSet) ([]finding, int) {
	dir, err := previewDir(r.Name)
	if err != nil {
		r.logf("%v", err)
		return nil, exitFailed
	}
	overlay := struct{ Replace map[string]string }{make(map[string]string)}
	renamed := make(map[string]string)
	defer func() {
		for tmp := range renamed {
			os.Remove(tmp)
		}
	}()
	for name, content := range plan.fixed {
		sum := sha256.Sum256(append([]byte(name+"\x00"), content...))
		tmp := filepath.Join(dir, hex.EncodeToString(sum[:12])+"-"+filepath.Base(name))
		if err := filewrite.ReplaceAll([]filewrite.File{{Path: tmp, Content: content, Create: !fileExists(tmp)}}, r.shortPath); err != nil {
			r.logf("%v", err)
			return nil, exitFailed
		}
		overlay.Replace[name] = tmp
		renamed[tmp] = name
	}
	data, _ := json.Marshal(overlay)
	overlayFile, err := os.CreateTemp(dir, "overlay-*.json")
	if err == nil {
		defer os.Remove(overlayFile.Name())
		_, err = overlayFile.Write(data)
		err = errors.Join(err, overlayFile.Close())
	}
	if err != nil {
		r.logf("%v", err)
		return nil, exitFailed
	}
	out, err := r.runVet(patterns, fs, "-overlay="+overlayFile.Name(), "-"+previewFlag)
	if err != nil {
		r.logf("%v", err)
		return nil, exitFailed
	}
	if out.failed || len(out.loadErrs) > 0 {
		r.logf("the fixes would break the build; no file changed:")
		for _, line := range out.loadErrs {
			fmt.Fprintln(r.stderr, "\t"+line)
		}
		return nil, exitFailed
	}
	findings := collectFindings(out.pkgs, r.opts.tests)
	for i := range findings {
		findings[i].renameFiles(renamed)
	}
	return findings, exitOK
}

// previewDir returns the directory for the overlay files of -fix's
// preview runs, under the user's cache directory.
func previewDir(name string) (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, name, "fix-preview")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("preparing the preview of the fixes: %w", err)
	}
	return dir, nil
}

// unfixed returns the findings whose fix was not applied, with why.
func (p *fixPlan) unfixed() []finding {
	var out []finding
	for _, o := range p.outcomes {
		if !o.fixed {
			out = append(out, o.explained())
		}
	}
	return out
}

// explain adds to the findings of the fixed code why a fix was not
// applied, for those that stand where they stood (a file no fix changed).
func (p *fixPlan) explain(after []finding) []finding {
	why := make(map[findingKey]fixOutcome)
	for _, o := range p.outcomes {
		if o.why != "" {
			why[o.key()] = o
		}
	}
	for i, f := range after {
		if o, ok := why[f.key()]; ok {
			after[i] = o.explained()
		}
	}
	return after
}

func (o fixOutcome) explained() finding {
	f := o.finding
	if o.why != "" {
		f.diag.Message += " (fix not applied: " + o.why + ")"
		f.fixRefused = true
	}
	return f
}

// reportFixes prints the fixed findings, those that remain and a
// summary line; nothing when there were no findings.
func (r *run) reportFixes(plan *fixPlan, remaining []finding) {
	verb := "fixed"
	if r.opts.diff {
		verb = "fixed in the diff"
	}
	fixed := 0
	for _, o := range plan.outcomes {
		if o.fixed {
			fixed++
			shown := o.pos
			shown.Filename = r.shortPath(o.pos.Filename)
			fmt.Fprintf(r.stderr, "%s: %s: %s\n", shown, verb, o.diag.SuggestedFixes[0].Message)
		}
	}
	if len(remaining) > 0 && fixed > 0 {
		fmt.Fprintf(r.stderr, "remaining, at their lines after the fixes:\n")
	}
	_ = r.printText(r.stderr, remaining, r.opts.context)
	if len(plan.outcomes) == 0 {
		return
	}
	summary := fmt.Sprintf("fixed %s in %s", plural(fixed, "finding", "findings"), plural(len(plan.fixed), "file", "files"))
	if r.opts.diff {
		summary = "the diff fixes " + strings.TrimPrefix(summary, "fixed ")
	}
	if n := len(remaining); n > 0 {
		summary += fmt.Sprintf("; %s", plural(n, "finding remains", "findings remain"))
		if fixable := countFixable(remaining); fixable > 0 {
			summary += fmt.Sprintf(", %d with a fix that conflicted with another: run -fix again", fixable)
		}
	}
	r.logf("%s", summary)
}

func countFixable(findings []finding) int {
	n := 0
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) > 0 && !f.fixRefused {
			n++
		}
	}
	return n
}

// renameFiles gives the finding's positions the names that files stand
// in for.
func (f *finding) renameFiles(names map[string]string) {
	rename := func(posn string) string {
		pos := parsePosition(posn)
		if name, ok := names[pos.Filename]; ok {
			pos.Filename = name
			return pos.String()
		}
		return posn
	}
	if name, ok := names[f.pos.Filename]; ok {
		f.pos.Filename = name
	}
	if name, ok := names[f.end.Filename]; ok {
		f.end.Filename = name
	}
	f.diag.Posn, f.diag.End = rename(f.diag.Posn), rename(f.diag.End)
	f.diag.Related = slices.Clone(f.diag.Related)
	for i, rel := range f.diag.Related {
		f.diag.Related[i].Posn, f.diag.Related[i].End = rename(rel.Posn), rename(rel.End)
	}
}
