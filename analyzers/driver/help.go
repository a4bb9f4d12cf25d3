package driver

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

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
