package golist

import (
	"errors"
	"testing"
)

func TestLoadError(t *testing.T) {
	tests := []struct{ in, want string }{
		{
			"err: exit status 1: stderr: go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n",
			"go: go.mod file not found in current directory or any parent directory; see 'go help modules'",
		},
		{
			"go.opentelemetry.io/otel@v1.47.0: missing go.sum entry for go.mod file; to add it:\n\tgo mod download go.opentelemetry.io/otel",
			"go.opentelemetry.io/otel@v1.47.0: missing go.sum entry for go.mod file; to add it: go mod download go.opentelemetry.io/otel",
		},
		{"err: exit status 2: stderr: # example.com/p\n\na.go:3:1: syntax error\nmore\n", "a.go:3:1: syntax error"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := LoadError(errors.New(tt.in)).Error(); got != tt.want {
			t.Errorf("LoadError(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
