package overlay

import (
	"fmt"
	"slices"
	"strings"
)

// GoCommands are the go subcommands otelgen can run with an overlay.
var GoCommands = []string{"build", "install", "run", "test", "vet"}

// valueFlags are the go build and go test flags that take a separate
// value (-o file, -run regexp): their next argument is not a package.
// Flags missing here are read as booleans, so a flag of a vet tool or a
// test binary that takes a value must be written -flag=value.
var valueFlags = map[string]bool{
	// go help build
	"C": true, "o": true, "p": true, "asmflags": true, "buildmode": true,
	"compiler": true, "gccgoflags": true, "gcflags": true, "installsuffix": true,
	"ldflags": true, "mod": true, "modfile": true, "overlay": true, "pgo": true,
	"pkgdir": true, "tags": true, "toolexec": true, "coverpkg": true,
	"covermode": true, "exec": true,
	// go help testflag
	"bench": true, "benchtime": true, "blockprofile": true, "blockprofilerate": true,
	"count": true, "coverprofile": true, "cpu": true, "cpuprofile": true,
	"fuzz": true, "fuzzminimizetime": true, "fuzztime": true, "list": true,
	"memprofile": true, "memprofilerate": true, "mutexprofile": true,
	"mutexprofilefraction": true, "outputdir": true, "parallel": true,
	"run": true, "skip": true, "shuffle": true, "timeout": true, "trace": true,
	"vet": true, "vettool": true,
}

// CompilesTests reports whether the command compiles the packages' test
// files, so that names injected must not collide with theirs.
func (ga *GoArgs) CompilesTests() bool {
	return ga.Command == "test" || ga.Command == "vet"
}

// loadFlags are the go flags that change which files make up a package,
// so otelgen loads the packages with them too.
var loadFlags = map[string]bool{
	"tags": true, "mod": true, "modfile": true, "race": true, "msan": true, "asan": true,
}

// GoArgs is a go command line as otelgen reads it.
type GoArgs struct {
	Command  string   // build, test, ...
	Dir      string   // the -C directory, "" for none
	Overlay  string   // the user's own -overlay file, "" for none
	Patterns []string // the packages (or .go files) the command names
	// LoadFlags are the flags that also apply to loading the packages.
	LoadFlags []string
	// Cover is set when the command measures coverage: the go command
	// then compiles the covered packages from their original files, not
	// the overlay's (golang/go#73802), so they build uninstrumented.
	Cover bool
	// Rest is the command line after the subcommand without -C and
	// -overlay, in the user's order.
	Rest []string
}

// ParseGoArgs reads `go <command> args...` the way the go command does
// far enough to know the packages, the directory and the flags that
// affect which files a package has.
func ParseGoArgs(args []string) (*GoArgs, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("missing go command: want one of %s", strings.Join(GoCommands, ", "))
	}
	ga := &GoArgs{Command: args[0]}
	if !slices.Contains(GoCommands, ga.Command) {
		return nil, fmt.Errorf("go %s: not supported, want one of %s", ga.Command, strings.Join(GoCommands, ", "))
	}
	args = args[1:]
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "-args" || arg == "--" {
			ga.Rest = append(ga.Rest, args[i:]...)
			break
		}
		if !strings.HasPrefix(arg, "-") || arg == "-" {
			if ga.Command == "run" {
				// go run: the package or the .go files, then the program's arguments.
				n := 1
				if strings.HasSuffix(arg, ".go") {
					for n < len(args)-i && strings.HasSuffix(args[i+n], ".go") && !strings.HasPrefix(args[i+n], "-") {
						n++
					}
				}
				ga.Patterns = append(ga.Patterns, args[i:i+n]...)
				ga.Rest = append(ga.Rest, args[i:]...)
				break
			}
			ga.Patterns = append(ga.Patterns, arg)
			ga.Rest = append(ga.Rest, arg)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		name = strings.TrimPrefix(name, "test.")
		if valueFlags[name] && !hasValue {
			if i+1 == len(args) {
				return nil, fmt.Errorf("go %s: flag %s needs a value", ga.Command, arg)
			}
			i++
			value = args[i]
		}
		switch name {
		case "C":
			if i > 1 || (i == 1 && hasValue) {
				return nil, fmt.Errorf("go %s: -C must be the first flag", ga.Command)
			}
			ga.Dir = value
			continue
		case "overlay":
			ga.Overlay = value
			continue
		}
		flag := arg
		if valueFlags[name] && !hasValue {
			flag = arg + "=" + value
		}
		if strings.HasPrefix(name, "cover") {
			ga.Cover = true
		}
		if loadFlags[name] {
			ga.LoadFlags = append(ga.LoadFlags, flag)
		}
		ga.Rest = append(ga.Rest, flag)
	}
	return ga, nil
}

// CommandLine returns the go command line to run with overlayFile added.
func (ga *GoArgs) CommandLine(overlayFile string) []string {
	cmd := []string{ga.Command}
	if ga.Dir != "" {
		cmd = append(cmd, "-C="+ga.Dir)
	}
	if overlayFile != "" {
		cmd = append(cmd, "-overlay="+overlayFile)
	}
	return append(cmd, ga.Rest...)
}
