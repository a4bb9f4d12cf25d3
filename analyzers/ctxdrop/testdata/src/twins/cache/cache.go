// Package cache is a dependency of twins with exported and unexported
// context-taking twins.
package cache

import "context"

var entries = map[string]string{}

func Get(key string) (string, bool) {
	return GetContext(context.Background(), key)
}

func GetContext(ctx context.Context, key string) (string, bool) {
	if ctx.Err() != nil {
		return "", false
	}
	v, ok := entries[key]
	return v, ok
}

type Client struct{}

// Warm has only an unexported twin, which other packages cannot call.
func (c *Client) Warm() error { return c.warmContext(context.Background()) }

func (c *Client) warmContext(ctx context.Context) error { return ctx.Err() }
