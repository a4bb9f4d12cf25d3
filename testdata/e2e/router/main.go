// Command router serves messages from a loop that runs as long as the
// program, and calls context helpers whose contexts leave them. Traced, it
// must print what it printed untraced: the helpers keep their contexts as
// given, a nil context is still nil to the function it is passed to, and
// only work gets spans (one per message, none for the loop).
package main

import (
	"context"
	"fmt"
)

const numMessages = 5

type userKey struct{}

type message struct {
	Ctx  context.Context
	N    int
	done chan int
}

type router struct {
	in   chan message
	quit chan struct{}
	s    squarer
}

type squarer interface {
	Square(ctx context.Context, n int) (int, error)
}

type local struct{}

// Square does too little for a span.
func (local) Square(ctx context.Context, n int) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return n * n, nil
}

func main() {
	checks(context.Background())
	r := &router{in: make(chan message), quit: make(chan struct{}), s: local{}}
	stopped := make(chan struct{})
	go func() {
		r.serve(context.Background())
		close(stopped)
	}()
	run(context.Background(), r)
	close(r.quit)
	<-stopped
}

// serve handles messages until the router quits.
func (r *router) serve(ctx context.Context) {
	for {
		select {
		case m := <-r.in:
			m.done <- handle(ctx, r.s, m.N)
		case <-r.quit:
			return
		}
	}
}

func handle(ctx context.Context, s squarer, n int) int {
	v, err := s.Square(ctx, n)
	if err != nil {
		return -1
	}
	return v
}

func run(ctx context.Context, r *router) {
	sum := 0
	for i := 1; i <= numMessages; i++ {
		done := make(chan int)
		r.in <- message{Ctx: ctx, N: i, done: done}
		sum += <-done
	}
	fmt.Println("sum:", sum)
}

// checks prints what context helpers do with the context they are given.
// Each does work (a call that can fail) that would earn it a span, were
// its context not to leave it.
func checks(ctx context.Context) {
	s := local{}
	var h holder
	h.setContext(ctx, s)
	fmt.Println("stored context is the one given:", h.ctx == ctx)
	fmt.Println("option holds the one given:", contextOption(ctx, s).ctx == ctx)
	fmt.Println("background is root:", isRoot(context.Background(), s))
	user := withUser(ctx, s, "ann")
	fmt.Println("user:", user.Value(userKey{}), "parent of user:", context.Cause(user) == nil)
	fmt.Println("release(nil):", release(nil))
}

type holder struct{ ctx context.Context }

func (h *holder) setContext(ctx context.Context, s squarer) {
	if _, err := s.Square(ctx, 0); err == nil {
		h.ctx = ctx
	}
}

type option struct{ ctx context.Context }

func contextOption(ctx context.Context, s squarer) option {
	if _, err := s.Square(ctx, 0); err != nil {
		return option{}
	}
	return option{ctx: ctx}
}

func isRoot(ctx context.Context, s squarer) bool {
	if _, err := s.Square(ctx, 0); err != nil {
		return false
	}
	return ctx == context.Background()
}

func withUser(ctx context.Context, s squarer, name string) context.Context {
	if _, err := s.Square(ctx, 0); err != nil {
		return ctx
	}
	return context.WithValue(ctx, userKey{}, name)
}

// release waits for ctx to end; nil means there is nothing to wait for.
func release(ctx context.Context) error {
	if ctx == nil {
		return nil
	}
	<-ctx.Done()
	return ctx.Err()
}
