package driver

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// printUsage prints -h: the command's Usage, then its featured
// analyzers with their flags, a line for the others, the flags people
// use, and the exit statuses. The full list of flags is long (one per
// analyzer, with go vet's legacy aliases) and mostly go vet's; "help"
// lists the analyzers and every core flag.
func (d *Driver) printUsage(w io.Writer) {
	fmt.Fprint(w, d.Usage)
	fmt.Fprint(w, "\nAnalyzers (all run by default; -NAME runs only those named, -NAME=false skips one):\n")
	var others []string
	for _, a := range d.Analyzers {
		if !slices.Contains(d.Featured, a) {
			others = append(others, a.Name)
			continue
		}
		title, _, _ := strings.Cut(a.Doc, "\n\n")
		fmt.Fprintf(w, "  -%-14s %s\n", a.Name, firstLine(title))
		a.Flags.VisitAll(func(f *flag.Flag) {
			fmt.Fprintf(w, "      -%s.%s (default %s)\n", a.Name, f.Name, f.DefValue)
			fmt.Fprint(w, wrap(f.Usage, "          ", 78))
		})
	}
	if len(others) > 0 {
		fmt.Fprintf(w, "  and the %d analyzers of go vet's suite (%s, ...): '%s help' lists them\n",
			len(others), strings.Join(others[:min(3, len(others))], ", "), d.Name)
	}
	fmt.Fprint(w, "\nFlags:\n")
	for _, f := range usageFlags {
		fmt.Fprintf(w, "  %-16s %s\n", f.syntax, f.usage)
	}
	fmt.Fprint(w, exitStatuses)
}

// usageFlags are the flags -h shows, in order, each with a short usage.
// The flag set keeps multichecker's usage strings for "help".
var usageFlags = []struct{ syntax, usage string }{
	{"-fix", "apply suggested fixes; say what was fixed and what remains"},
	{"-diff", "with -fix, print a unified diff (for git apply) instead"},
	{"-json", "print findings as JSON, as go vet -json does"},
	{"-format=F", "text, json, or sarif (SARIF 2.1.0 for code scanning)"},
	{"-c=N", "print each finding's line and N lines around it"},
	{"-test=false", "leave out findings in _test.go files"},
	{"-version", "print ctxlint's version (also -V)"},
}

const exitStatuses = `
Exit status: 0 nothing reported; 3 findings reported (with -fix: findings
remain that it did not fix); 1 packages did not build or type-check, an
analyzer failed, or a file could not be written (-fix then changes no
file); 2 a bad command line. With -json or -format=sarif the status is 0
unless a package fails.
`

// wrap breaks text into lines of at most width columns, each starting
// with indent.
func wrap(text, indent string, width int) string {
	var b, line strings.Builder
	for _, word := range strings.Fields(text) {
		if line.Len() > 0 && len(indent)+line.Len()+1+len(word) > width {
			b.WriteString(indent + line.String() + "\n")
			line.Reset()
		}
		if line.Len() > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(word)
	}
	if line.Len() > 0 {
		b.WriteString(indent + line.String() + "\n")
	}
	return b.String()
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// help implements "NAME help [analyzer...]", as multichecker does: with
// no names, a list of the analyzers and the core flags; otherwise each
// named analyzer's documentation and flags.
func (d *Driver) help(w io.Writer, fs *flag.FlagSet, names []string) error {
	if len(names) == 0 {
		fmt.Fprintf(w, "%s is a tool for static analysis of Go programs.\n\nRegistered analyzers:\n\n", d.Name)
		sorted := slices.Clone(d.Analyzers)
		slices.SortFunc(sorted, func(a, b *analysis.Analyzer) int { return strings.Compare(a.Name, b.Name) })
		for _, a := range sorted {
			title, _, _ := strings.Cut(a.Doc, "\n\n")
			fmt.Fprintf(w, "    %-12s %s\n", a.Name, title)
		}
		fmt.Fprint(w, "\nBy default all analyzers are run.\n"+
			"To select specific analyzers, use the -NAME flag for each one,\n"+
			" or -NAME=false to run all analyzers not explicitly disabled.\n\nCore flags:\n\n")
		core := flag.NewFlagSet("", flag.ContinueOnError)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(f.Name, ".") {
				core.Var(f.Value, f.Name, f.Usage)
			}
		})
		core.SetOutput(w)
		core.PrintDefaults()
		fmt.Fprintf(w, "\nTo see details and flags of a specific analyzer, run '%s help name'.\n", d.Name)
		return nil
	}
	for _, name := range names {
		i := slices.IndexFunc(d.Analyzers, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			return fmt.Errorf("no analyzer named %q (run '%s help' for the list)", name, d.Name)
		}
		a := d.Analyzers[i]
		paras := strings.Split(a.Doc, "\n\n")
		fmt.Fprintf(w, "%s: %s\n", a.Name, paras[0])
		own := flag.NewFlagSet(a.Name, flag.ContinueOnError)
		a.Flags.VisitAll(func(f *flag.Flag) {
			own.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
		if hasFlags(own) {
			fmt.Fprint(w, "\nAnalyzer flags:\n\n")
			own.SetOutput(w)
			own.PrintDefaults()
		}
		if len(paras) > 1 {
			fmt.Fprintf(w, "\n%s\n", strings.Join(paras[1:], "\n\n"))
		}
	}
	return nil
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}
