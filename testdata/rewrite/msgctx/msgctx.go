// Package msgctx checks a channel whose element type has a
// Ctx context.Context field: the channel is not wrapped in carry.Item, the
// receiving loop's item span starts from j.Ctx, the send that sets Ctx is
// left as it is and the send that does not gets Ctx: ctx.
package msgctx

import (
	"context"
	"fmt"
)

type job struct {
	Ctx context.Context
	ID  int
}

// Run handles every id in a separate goroutine, one at a time.
func Run(ctx context.Context, ids []int) {
	if len(ids) == 0 {
		return
	}
	jobs := make(chan job)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for j := range jobs {
			handle(j.Ctx, j.ID)
		}
	}()
	jobs <- job{Ctx: ctx, ID: ids[0]}
	for _, id := range ids[1:] {
		jobs <- job{ID: id}
	}
	close(jobs)
	<-done
}

func handle(ctx context.Context, id int) {
	fmt.Println("job", id, ctx.Err())
}
