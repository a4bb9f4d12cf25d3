package testsoff

import (
	"context"
	"os"
	"testing"
)

// Negative: test setup has no caller's context.
func TestMain(m *testing.M) {
	if err := Seed(context.Background(), []string{"fixture"}); err != nil {
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func seedAll(ctx context.Context, t *testing.T, batches [][]string) {
	t.Helper()
	for _, batch := range batches {
		if err := Seed(context.Background(), batch); err != nil { // not reported: -tests=false
			t.Fatal(err)
		}
	}
}

func TestSeed(t *testing.T) {
	seedAll(t.Context(), t, [][]string{{"a"}, {"b"}})
}
