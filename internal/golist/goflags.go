package golist

import (
	"fmt"
	"slices"
	"strings"
)

// MoveGOFLAGSModFile takes a -modfile out of GOFLAGS in env and returns
// its file. go/packages cannot take -modfile from GOFLAGS: it also runs
// the go command outside module mode, which rejects the flag there
// (golang/go#48482), so the caller passes it as a build flag instead.
// Without one, env is returned as it is.
func MoveGOFLAGSModFile(env []string) ([]string, string, error) {
	at := -1
	for i, kv := range env {
		if strings.HasPrefix(kv, "GOFLAGS=") {
			at = i // the last one counts, as in os/exec
		}
	}
	if at < 0 || !strings.Contains(env[at], "modfile") {
		return env, "", nil
	}
	flags, err := splitQuoted(strings.TrimPrefix(env[at], "GOFLAGS="))
	if err != nil {
		return nil, "", fmt.Errorf("parsing $GOFLAGS: %v", err)
	}
	var modFile string
	kept := flags[:0]
	for _, f := range flags {
		name, value, _ := strings.Cut(strings.TrimPrefix(f, "-"), "=")
		if name == "-modfile" || name == "modfile" {
			modFile = value
			continue
		}
		kept = append(kept, f)
	}
	if modFile == "" {
		return env, "", nil
	}
	out := slices.Clone(env)
	out[at] = "GOFLAGS=" + joinQuoted(kept)
	return out, modFile, nil
}

// splitQuoted splits GOFLAGS into flags as the go command does: at
// spaces, except inside a flag wholly enclosed in single or double quotes.
func splitQuoted(s string) ([]string, error) {
	var fields []string
	for {
		s = strings.TrimLeft(s, " \t\n\r")
		if s == "" {
			return fields, nil
		}
		if q := s[0]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[1:], q)
			if end < 0 {
				return nil, fmt.Errorf("unterminated %c string", q)
			}
			fields = append(fields, s[1:1+end])
			s = s[2+end:]
			continue
		}
		end := strings.IndexAny(s, " \t\n\r")
		if end < 0 {
			end = len(s)
		}
		fields = append(fields, s[:end])
		s = s[end:]
	}
}

// joinQuoted is the inverse of splitQuoted.
func joinQuoted(fields []string) string {
	quoted := make([]string, len(fields))
	for i, f := range fields {
		switch {
		case !strings.ContainsAny(f, " \t\n\r") && !strings.HasPrefix(f, `"`) && !strings.HasPrefix(f, "'"):
			quoted[i] = f
		case !strings.Contains(f, `"`):
			quoted[i] = `"` + f + `"`
		default:
			quoted[i] = "'" + f + "'"
		}
	}
	return strings.Join(quoted, " ")
}
