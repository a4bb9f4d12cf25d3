// Package ignore shows the //ctxlint:ignore directive silencing ctxdrop.
package ignore

import (
	"context"
	"os/exec"
	"time"
)

type Cache struct{ entries map[string][]byte }

func (c *Cache) flush(ctx context.Context, key string) { _, _ = ctx, key }

func (c *Cache) Put(ctx context.Context, key string, value []byte) {
	c.entries[key] = value
	go c.flush(context.Background(), key) //ctxlint:ignore ctxdrop the flush must outlive the request
	//ctxlint:ignore ctxdrop warming is best effort and must not be cancelled with the request
	go c.flush(context.TODO(), "warm:"+key)
}

// Evict must finish even when the request is cancelled.
//
//ctxlint:ignore ctxdrop eviction must complete once started
func (c *Cache) Evict(ctx context.Context, key string) error {
	evictCtx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	c.flush(evictCtx, key)
	return exec.Command("rm", "-f", "/var/cache/"+key).Run()
}

// A directive for another analyzer does not silence ctxdrop.
func (c *Cache) Drop(ctx context.Context, key string) {
	//ctxlint:ignore spanend not this analyzer
	c.flush(context.Background(), key) // want `context.Background\(\) drops ctx, the caller's context; pass ctx`
}
