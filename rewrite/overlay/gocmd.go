package overlay

import "github.com/ctxtrace/ctxtrace/internal/golist"

// anyVersion is the version go mod tidy writes for a module that a
// replace directive points at a directory.
const anyVersion = "v0.0.0-00010101000000-000000000000"

func runGo(cfg Config, args ...string) (string, error) {
	return golist.Go(cfg.Rewrite.Dir, cfg.Rewrite.Env, args...)
}
