// Package ctxmethod checks a channel whose element type has a
// Context() context.Context method: the channel is not wrapped in
// carry.Item, and the receiving loop's item span starts from r.Context().
package ctxmethod

import (
	"context"
	"fmt"
)

type request struct {
	ctx  context.Context
	path string
}

func (r request) Context() context.Context { return r.ctx }

// Serve answers every path, one at a time.
func Serve(ctx context.Context, paths []string) {
	reqs := make(chan request, len(paths))
	for _, p := range paths {
		reqs <- request{ctx: ctx, path: p}
	}
	close(reqs)
	for r := range reqs {
		fmt.Println("serve", r.path, r.Context().Err())
	}
}
