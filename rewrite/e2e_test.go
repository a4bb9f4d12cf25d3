package rewrite_test

import (
	"os"
	"testing"

	"github.com/ctxtrace/ctxtrace/rewrite"
)

// TestE2E rewrites each example of testdata/e2e with otelgen, runs it under
// the OpenTelemetry SDK and checks the trace it produces.
func TestE2E(t *testing.T) {
	for _, ex := range e2eExamples {
		t.Run(ex.name, func(t *testing.T) {
			t.Parallel()
			runE2E(t, ex, instrumentWithOtelgen)
		})
	}
}

func instrumentWithOtelgen(t *testing.T, dir string, env []string) {
	t.Helper()
	changes, err := rewrite.Run(rewrite.Config{Dir: dir, Env: env, Log: func(format string, args ...any) {
		// The rewriter's reasons for leaving something alone explain most
		// trace shapes that differ from the expected ones.
		t.Logf("otelgen: "+format, args...)
	}}, ".")
	if err != nil {
		t.Fatalf("rewrite.Run: %v", err)
	}
	if len(changes) == 0 {
		t.Fatal("rewrite.Run changed nothing")
	}
	for _, c := range changes {
		if err := os.WriteFile(c.Path, c.New, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
