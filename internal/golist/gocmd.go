package golist

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
)

// Go runs the go command with args in dir (and env, nil for the
// process's) and returns its standard output. A failure is the go
// command's own message, prefixed by the subcommand it ran.
func Go(dir string, env []string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("go %s: %s", args[0], msg)
	}
	return stdout.String(), nil
}
