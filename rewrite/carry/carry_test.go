package carry_test

import (
	"context"
	"testing"

	"github.com/ctxtrace/ctxtrace/rewrite/carry"
)

type key struct{}

func TestContextPrefersTheSender(t *testing.T) {
	parent := context.Background()
	sent := context.WithValue(parent, key{}, "sender")
	if got := carry.With(sent, 1).Context(parent); got != sent {
		t.Errorf("Context() = %v, want the sender's context", got)
	}
	if got := carry.With[int](nil, 1).Context(parent); got != parent {
		t.Errorf("Context() of an item sent without context = %v, want the parent", got)
	}
	if v := carry.With(sent, "x").Value; v != "x" {
		t.Errorf("Value = %q, want %q", v, "x")
	}
}

// The envelope must cost nothing beyond the copy: no allocation per send.
func TestItemDoesNotAllocate(t *testing.T) {
	ctx := context.WithValue(context.Background(), key{}, 1)
	ch := make(chan carry.Item[int], 1)
	allocs := testing.AllocsPerRun(100, func() {
		ch <- carry.With(ctx, 42)
		it := <-ch
		_ = it.Context(ctx)
	})
	if allocs != 0 {
		t.Errorf("send and receive of an Item allocate %v times, want 0", allocs)
	}
}

func BenchmarkSendReceive(b *testing.B) {
	ctx := context.WithValue(context.Background(), key{}, 1)
	b.Run("plain", func(b *testing.B) {
		ch := make(chan int, 1)
		for i := range b.N {
			ch <- i
			<-ch
		}
	})
	b.Run("item", func(b *testing.B) {
		ch := make(chan carry.Item[int], 1)
		for i := range b.N {
			ch <- carry.With(ctx, i)
			_ = (<-ch).Context(ctx)
		}
	})
}
