package scripttest

import (
	"path/filepath"
	"sync"

	"github.com/ctxtrace/ctxtrace/internal/golist"
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
	if _, err := golist.Go("", nil, "build", "-o", path, pkg); err != nil {
		return "", err
	}
	built[pkg] = path
	return path, nil
}
