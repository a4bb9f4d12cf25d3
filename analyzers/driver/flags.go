package driver

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options holds the values of the command-line flags. The flag names,
// meanings and usage strings are those of x/tools' multichecker, so that
// scripts written for it (and for go vet) keep working.
type options struct {
	enabled map[*analysis.Analyzer]*triState

	json    bool
	format  string
	sarif   bool
	context int
	fix     bool
	diff    bool

	tests     bool
	buildTags string
	debug     string

	cpuProfile, memProfile, trace string

	// Accepted for -h and compatibility; go vet's handshake itself is
	// answered by multichecker (see InvokedByVet).
	printFlags bool
	version    bool
	verbose    bool
}

// Output formats of -format.
const (
	formatText  = "text"
	formatJSON  = "json"
	formatSARIF = "sarif"
)

func registerFlags(fs *flag.FlagSet, analyzers []*analysis.Analyzer) *options {
	o := &options{enabled: make(map[*analysis.Analyzer]*triState), context: -1, tests: true}
	for _, a := range analyzers {
		enable := new(triState)
		fs.Var(enable, a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		o.enabled[a] = enable
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}

	fs.BoolVar(&o.printFlags, "flags", false, "print analyzer flags in JSON")
	fs.BoolVar(&o.version, "V", false, "print version and exit")
	fs.BoolVar(&o.version, "version", false, "print version and exit")

	fs.BoolVar(&o.json, "json", false, "emit JSON output")
	fs.StringVar(&o.format, "format", formatText, "output `format`: text, json (like -json) or sarif (SARIF 2.1.0 for code scanning; exit status 0 unless loading fails)")
	fs.BoolVar(&o.sarif, "sarif", false, "emit SARIF 2.1.0 output (same as -format=sarif)")
	fs.IntVar(&o.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&o.fix, "fix", false, "apply all suggested fixes")
	fs.BoolVar(&o.diff, "diff", false, "with -fix, don't update the files, but print a unified diff")

	// multichecker's debugging flags act on an in-process analysis; the
	// analysis here runs in go vet's processes, so only -debug=v (print
	// the go vet command) does anything, and the others are refused
	// (standaloneOnly) rather than ignored.
	fs.StringVar(&o.debug, "debug", "", `debug flags: "v" prints the go vet command run (multichecker's "fpst" are refused)`)
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "not supported: the analysis runs in go vet's processes")
	fs.StringVar(&o.memProfile, "memprofile", "", "not supported: the analysis runs in go vet's processes")
	fs.StringVar(&o.trace, "trace", "", "not supported: the analysis runs in go vet's processes")
	fs.BoolVar(&o.tests, "test", true, "report findings in test files too (go vet analyses them either way)")

	// Shims for flags of the old vet, kept by multichecker so that scripts
	// that ran vet keep working.
	fs.BoolVar(&o.verbose, "v", false, "no effect (deprecated)")
	_ = fs.Bool("source", false, "no effect (deprecated)")
	_ = fs.Bool("all", false, "no effect (deprecated)")
	fs.StringVar(&o.buildTags, "tags", "", "comma-separated build tags, passed to go vet")
	for old, name := range vetLegacyFlags {
		if f := fs.Lookup(name); f != nil && fs.Lookup(old) == nil {
			fs.Var(f.Value, old, "deprecated alias for -"+name)
		}
	}
	return o
}

// vetLegacyFlags maps flags of the old vet to their current names.
var vetLegacyFlags = map[string]string{
	"bool":                "bools",
	"buildtags":           "buildtag",
	"methods":             "stdmethods",
	"rangeloops":          "loopclosure",
	"compositewhitelist":  "composites.whitelist",
	"printfuncs":          "printf.funcs",
	"shadowstrict":        "shadow.strict",
	"unusedfuncs":         "unusedresult.funcs",
	"unusedstringmethods": "unusedresult.stringmethods",
}

// outputFormat resolves -format, -json and -sarif into one format, or
// an error for an unknown or contradictory choice.
func (o *options) outputFormat(fs *flag.FlagSet) (string, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	format := strings.ToLower(o.format)
	switch format {
	case formatText, formatJSON, formatSARIF:
	default:
		return "", fmt.Errorf("-format=%s: unknown output format (want text, json or sarif)", o.format)
	}
	for _, alias := range []struct {
		on     bool
		name   string
		format string
	}{{o.json, "json", formatJSON}, {o.sarif, "sarif", formatSARIF}} {
		if !alias.on {
			continue
		}
		if set["format"] && format != alias.format {
			return "", fmt.Errorf("-%s contradicts -format=%s", alias.name, o.format)
		}
		if format != formatText && format != alias.format {
			return "", fmt.Errorf("-json and -sarif are mutually exclusive")
		}
		format = alias.format
	}
	if o.fix && format == formatSARIF {
		return "", fmt.Errorf("-fix applies fixes and prints no findings; it cannot be combined with -format=sarif")
	}
	return format, nil
}

// standaloneOnly rejects the flags that only a vet tool process can
// honour: the front end runs one such process per package under go vet,
// and would profile or trace itself rather than the analysis.
func (o *options) standaloneOnly(fs *flag.FlagSet) error {
	var bad []string
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "cpuprofile", "memprofile", "trace":
			bad = append(bad, "-"+f.Name)
		}
	})
	if len(bad) > 0 {
		return fmt.Errorf("%s: not supported: the analysis runs in go vet's processes, one per package, not in this one", strings.Join(bad, ", "))
	}
	if other := strings.Trim(o.debug, "v"); other != "" {
		return fmt.Errorf("-debug=%s: only v (print the go vet command run) applies here; the other letters are the vet tool's", o.debug)
	}
	return nil
}

// selected returns the analyzers to run: those named by a true -NAME
// flag if there is one, otherwise all but those turned off by -NAME=false.
func (o *options) selected(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var hasTrue, hasFalse bool
	for _, ts := range o.enabled {
		hasTrue = hasTrue || *ts == setTrue
		hasFalse = hasFalse || *ts == setFalse
	}
	var keep []*analysis.Analyzer
	for _, a := range analyzers {
		switch {
		case hasTrue && *o.enabled[a] == setTrue,
			!hasTrue && (!hasFalse || *o.enabled[a] != setFalse):
			keep = append(keep, a)
		}
	}
	return keep
}

func (o *options) debugging(b byte) bool {
	return strings.IndexByte(o.debug, b) >= 0 || (b == 'v' && o.verbose)
}

// triState is a boolean flag that remembers whether it was set, so that
// -NAME selects and -NAME=false deselects while an absent flag does
// neither.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any { return *ts == setTrue }

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		// The flag package prefixes "invalid boolean value %q for -NAME".
		return fmt.Errorf("want true or false")
	}
	if b {
		*ts = setTrue
	} else {
		*ts = setFalse
	}
	return nil
}

func (ts *triState) String() string {
	if ts != nil && *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) IsBoolFlag() bool { return true }

// InvokedByVet reports whether args, the command line without the
// program name, come from go vet -vettool (or go fix -fixtool): the -V=full or -flags
// handshake, or a unit's vet.cfg file as the last argument. Such calls
// belong to unitchecker's protocol, which multichecker implements.
func InvokedByVet(args []string) bool {
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			break
		}
		name, value, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-"), "=")
		if (name == "V" && value == "full") || name == "flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
