// Package version says which build of ctxtrace a command is, for
// "ctxlint -version" and "otelgen -version".
package version

import (
	"runtime/debug"
	"strings"
)

// Module returns the version of the module the running binary was built
// from, as "go install …@v1.2.3" records it, or "" for a build from a
// checkout.
func Module() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "(devel)" {
		return ""
	}
	return info.Main.Version
}

// String describes the build in one word or a few: the module version;
// for a build from a checkout "(devel)" followed by the commit and
// "+dirty" when the tree had changes, as far as the go command recorded
// them.
func String() string {
	if v := Module(); v != "" {
		return v
	}
	out := []string{"(devel)"}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return out[0]
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" {
		rev = rev[:min(len(rev), 12)]
		if modified == "true" {
			rev += "+dirty"
		}
		out = append(out, rev)
	}
	return strings.Join(out, " ")
}
