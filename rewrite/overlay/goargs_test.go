package overlay

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseGoArgs(t *testing.T) {
	const ov = "/cache/overlays/k.json"
	tests := []struct {
		name string
		args []string
		want GoArgs
		// cmd is CommandLine(ov); CommandLine("") must be the same
		// without the -overlay argument.
		cmd []string
	}{
		{
			name: "build with separate and = values",
			args: []string{"build", "-o", "bin/app", "-ldflags=-s -w", "-gcflags", "-N -l", "./cmd/app"},
			want: GoArgs{
				Command:  "build",
				Patterns: []string{"./cmd/app"},
				Rest:     []string{"-o=bin/app", "-ldflags=-s -w", "-gcflags=-N -l", "./cmd/app"},
			},
			cmd: []string{"build", "-overlay=" + ov, "-o=bin/app", "-ldflags=-s -w", "-gcflags=-N -l", "./cmd/app"},
		},
		{
			name: "build without packages",
			args: []string{"build"},
			want: GoArgs{Command: "build"},
			cmd:  []string{"build", "-overlay=" + ov},
		},
		{
			name: "-C first, separate value",
			args: []string{"build", "-C", "sub dir", "-v", "./..."},
			want: GoArgs{
				Command:  "build",
				Dir:      "sub dir",
				Patterns: []string{"./..."},
				Rest:     []string{"-v", "./..."},
			},
			cmd: []string{"build", "-C=sub dir", "-overlay=" + ov, "-v", "./..."},
		},
		{
			name: "-C= first, double dash",
			args: []string{"install", "--C=sub", "example.com/m/cmd/x@latest"},
			want: GoArgs{
				Command:  "install",
				Dir:      "sub",
				Patterns: []string{"example.com/m/cmd/x@latest"},
				Rest:     []string{"example.com/m/cmd/x@latest"},
			},
			cmd: []string{"install", "-C=sub", "-overlay=" + ov, "example.com/m/cmd/x@latest"},
		},
		{
			name: "user overlay is removed and reported",
			args: []string{"build", "-overlay", "mine.json", "-v", ".", "./b"},
			want: GoArgs{
				Command:  "build",
				Overlay:  "mine.json",
				Patterns: []string{".", "./b"},
				Rest:     []string{"-v", ".", "./b"},
			},
			cmd: []string{"build", "-overlay=" + ov, "-v", ".", "./b"},
		},
		{
			name: "user overlay= after -C",
			args: []string{"vet", "-C", "d", "-overlay=o.json", "./..."},
			want: GoArgs{
				Command:  "vet",
				Dir:      "d",
				Overlay:  "o.json",
				Patterns: []string{"./..."},
				Rest:     []string{"./..."},
			},
			cmd: []string{"vet", "-C=d", "-overlay=" + ov, "./..."},
		},
		{
			name: "load flags",
			args: []string{"test", "-tags", "integration,linux", "-mod=mod", "-modfile", "alt.mod", "-race", "-count=1", "./pkg"},
			want: GoArgs{
				Command:   "test",
				Patterns:  []string{"./pkg"},
				LoadFlags: []string{"-tags=integration,linux", "-mod=mod", "-modfile=alt.mod", "-race"},
				Rest:      []string{"-tags=integration,linux", "-mod=mod", "-modfile=alt.mod", "-race", "-count=1", "./pkg"},
			},
			cmd: []string{"test", "-overlay=" + ov, "-tags=integration,linux", "-mod=mod", "-modfile=alt.mod", "-race", "-count=1", "./pkg"},
		},
		{
			name: "vet with a value flag",
			args: []string{"vet", "-vettool", "/bin/tool", "-tags=x", "./..."},
			want: GoArgs{
				Command:   "vet",
				Patterns:  []string{"./..."},
				LoadFlags: []string{"-tags=x"},
				Rest:      []string{"-vettool=/bin/tool", "-tags=x", "./..."},
			},
			cmd: []string{"vet", "-overlay=" + ov, "-vettool=/bin/tool", "-tags=x", "./..."},
		},
		{
			name: "run: program arguments are not flags or packages",
			args: []string{"run", "-race", "./cmd/app", "-tags", "x", "-overlay=p.json", "-C", "d", "extra", "-o"},
			want: GoArgs{
				Command:   "run",
				Patterns:  []string{"./cmd/app"},
				LoadFlags: []string{"-race"},
				Rest:      []string{"-race", "./cmd/app", "-tags", "x", "-overlay=p.json", "-C", "d", "extra", "-o"},
			},
			cmd: []string{"run", "-overlay=" + ov, "-race", "./cmd/app", "-tags", "x", "-overlay=p.json", "-C", "d", "extra", "-o"},
		},
		{
			name: "run: .go files then arguments",
			args: []string{"run", "a.go", "b.go", "arg.txt", "c.go", "-v"},
			want: GoArgs{
				Command:  "run",
				Patterns: []string{"a.go", "b.go"},
				Rest:     []string{"a.go", "b.go", "arg.txt", "c.go", "-v"},
			},
			cmd: []string{"run", "-overlay=" + ov, "a.go", "b.go", "arg.txt", "c.go", "-v"},
		},
		{
			name: "run: a package then an argument ending in .go",
			args: []string{"run", ".", "input.go"},
			want: GoArgs{
				Command:  "run",
				Patterns: []string{"."},
				Rest:     []string{".", "input.go"},
			},
			cmd: []string{"run", "-overlay=" + ov, ".", "input.go"},
		},
		{
			name: "run: a flag-like argument after the .go files",
			args: []string{"run", "main.go", "-x.go"},
			want: GoArgs{
				Command:  "run",
				Patterns: []string{"main.go"},
				Rest:     []string{"main.go", "-x.go"},
			},
			cmd: []string{"run", "-overlay=" + ov, "main.go", "-x.go"},
		},
		{
			name: "test with -args",
			args: []string{"test", "./...", "-run", "X", "-args", "-foo", "-overlay=z", "pkg"},
			want: GoArgs{
				Command:  "test",
				Patterns: []string{"./..."},
				Rest:     []string{"./...", "-run=X", "-args", "-foo", "-overlay=z", "pkg"},
			},
			cmd: []string{"test", "-overlay=" + ov, "./...", "-run=X", "-args", "-foo", "-overlay=z", "pkg"},
		},
		{
			name: "test flags with test. prefix and after packages",
			args: []string{"test", "-test.run", "TestA", "./a", "-count", "2", "-v", "./b"},
			want: GoArgs{
				Command:  "test",
				Patterns: []string{"./a", "./b"},
				Rest:     []string{"-test.run=TestA", "./a", "-count=2", "-v", "./b"},
			},
			cmd: []string{"test", "-overlay=" + ov, "-test.run=TestA", "./a", "-count=2", "-v", "./b"},
		},
		{
			name: "a value that looks like a flag is a value",
			args: []string{"test", "-run", "-bench", "-bench", ".", "./x"},
			want: GoArgs{
				Command:  "test",
				Patterns: []string{"./x"},
				Rest:     []string{"-run=-bench", "-bench=.", "./x"},
			},
			cmd: []string{"test", "-overlay=" + ov, "-run=-bench", "-bench=.", "./x"},
		},
		{
			name: "-- ends the flags",
			args: []string{"build", "-v", "--", "-notaflag"},
			want: GoArgs{
				Command: "build",
				Rest:    []string{"-v", "--", "-notaflag"},
			},
			cmd: []string{"build", "-overlay=" + ov, "-v", "--", "-notaflag"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseGoArgs(tt.args)
			if err != nil {
				t.Fatalf("ParseGoArgs(%q): %v", tt.args, err)
			}
			if !reflect.DeepEqual(*got, tt.want) {
				t.Errorf("ParseGoArgs(%q)\n got %#v\nwant %#v", tt.args, *got, tt.want)
			}
			if cmd := got.CommandLine(ov); !reflect.DeepEqual(cmd, tt.cmd) {
				t.Errorf("CommandLine(%q)\n got %q\nwant %q", ov, cmd, tt.cmd)
			}
			var noOverlay []string
			for _, a := range tt.cmd {
				if a != "-overlay="+ov {
					noOverlay = append(noOverlay, a)
				}
			}
			if cmd := got.CommandLine(""); !reflect.DeepEqual(cmd, noOverlay) {
				t.Errorf("CommandLine(\"\")\n got %q\nwant %q", cmd, noOverlay)
			}
		})
	}
}

func TestParseGoArgsErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string // in the error
	}{
		{nil, "missing go command"},
		{[]string{}, "missing go command"},
		{[]string{"get", "example.com/m"}, "go get: not supported"},
		{[]string{"mod", "tidy"}, "go mod: not supported"},
		{[]string{"-C", "d", "build"}, "go -C: not supported"},
		{[]string{"Build"}, "go Build: not supported"},
		{[]string{"build", "-v", "-C", "d"}, "-C must be the first flag"},
		{[]string{"build", "-v", "-C=d"}, "-C must be the first flag"},
		{[]string{"test", "./x", "-C", "d"}, "-C must be the first flag"},
		{[]string{"build", "-o"}, "go build: flag -o needs a value"},
		{[]string{"test", "./...", "-run"}, "go test: flag -run needs a value"},
		{[]string{"build", "-C"}, "flag -C needs a value"},
		{[]string{"vet", "-overlay"}, "flag -overlay needs a value"},
		{[]string{"install", "-tags"}, "flag -tags needs a value"},
	}
	for _, tt := range tests {
		ga, err := ParseGoArgs(tt.args)
		if err == nil {
			t.Errorf("ParseGoArgs(%q) = %#v, want an error containing %q", tt.args, ga, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseGoArgs(%q): %v, want an error containing %q", tt.args, err, tt.want)
		}
	}
}
