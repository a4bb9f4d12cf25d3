package twins

import (
	"context"
	"log/slog"
	"net"
	"os/exec"

	"testcases/twins/cache"
)

func Archive(ctx context.Context, dir, dest string) error {
	cmd := exec.Command("tar", "-czf", dest, dir) // want `exec.Command drops ctx, the caller's context; use exec.CommandContext\(ctx, ...\)`
	if out, err := cmd.CombinedOutput(); err != nil {
		slog.ErrorContext(ctx, "archive failed", "output", string(out))
		return err
	}
	slog.Info("archived", "dir", dir) // want `slog.Info drops ctx, the caller's context; use slog.InfoContext\(ctx, ...\)`
	return nil
}

func Probe(ctx context.Context, addr string) error {
	conn, err := net.Dial("tcp", addr) // want `net.Dial drops ctx, the caller's context; use \(&net.Dialer\{\}\).DialContext\(ctx, ...\)`
	if err != nil {
		return err
	}
	return conn.Close()
}

func Lookup(ctx context.Context, key string, warm *cache.Client) string {
	if err := warm.Warm(); err != nil { // negative: its twin is unexported in another package
		return ""
	}
	v, _ := cache.Get(key) // want `cache.Get drops ctx, the caller's context; use cache.GetContext\(ctx, ...\)`
	return v
}

// Negative: already the context-taking forms.
func ArchiveProperly(ctx context.Context, dir, dest string) error {
	if _, err := cache.GetContext(ctx, dir); !err {
		return nil
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", "backup.internal:873")
	if err != nil {
		return err
	}
	defer conn.Close()
	return exec.CommandContext(ctx, "tar", "-czf", dest, dir).Run()
}

// Negative: ctx is nil in the else branch.
func Run(ctx context.Context, name string, args ...string) *exec.Cmd {
	if ctx != nil {
		return exec.CommandContext(ctx, name, args...)
	} else {
		return exec.Command(name, args...)
	}
}
