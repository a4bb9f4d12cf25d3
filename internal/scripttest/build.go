package scripttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

var (
	buildMu sync.Mutex
	built   = make(map[string]string)
)

// Build builds the command pkg (an import path of this module) into dir
// once per test process and returns the binary's path. It is built
// without the race detector: go vet runs a vet tool once per package of
// the whole import graph, and a race-enabled test binary in that role
// made the command's tests take many minutes.
func Build(dir, pkg string) (string, error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if path, ok := built[pkg]; ok {
		return path, nil
	}
	path := filepath.Join(dir, filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", path, pkg)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s: %w", pkg, err)
	}
	built[pkg] = path
	return path, nil
}
