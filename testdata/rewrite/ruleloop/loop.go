// Package ruleloop checks long-running loops: a function or goroutine
// whose body is a receive or select loop with no end lives as long as what
// it serves, so it gets no span of its own, only its items do, and only
// items whose processing is work. A loop that ends, a range over a channel
// closed by its sender, keeps its span.
package ruleloop

import (
	"context"
	"time"
)

// Message is one unit of work.
type Message struct {
	Key string
}

// Handler processes a message.
type Handler interface {
	Handle(ctx context.Context, m Message) error
}

// Router delivers messages to a handler until it is closed.
type Router struct {
	in      chan Message
	h       Handler
	closing chan struct{}
	keys    []string
}

// Run serves messages until the router closes: no span for Run, one per
// message handled.
func (r *Router) Run(ctx context.Context) {
	for {
		select {
		case m := <-r.in:
			_ = r.h.Handle(ctx, m)
		case <-r.closing:
			return
		}
	}
}

// Start runs the router in the background. Its goroutines outlive it with
// its context, so neither Start nor they get a span of their own.
func (r *Router) Start(ctx context.Context) {
	go r.Run(ctx)
	go func() {
		for {
			select {
			case m := <-r.in:
				_ = r.h.Handle(ctx, m)
			case <-ctx.Done():
				return
			}
		}
	}()
}

// watch records keys and ticks: neither does work, so no item spans.
func (r *Router) watch(ctx context.Context, updates <-chan string, tick *time.Ticker) {
	var last time.Time
	for {
		select {
		case k := <-updates:
			r.keys = append(r.keys, k)
		case t := <-tick.C:
			last = t
		case <-ctx.Done():
			_ = last
			return
		}
	}
}

// Drain handles every message until in is closed: a loop that ends, so a
// span for Drain and one per message.
func Drain(ctx context.Context, in <-chan Message, h Handler) error {
	for m := range in {
		if err := h.Handle(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// collect appends every key until in is closed: its span covers the
// receives, but the items get none.
func collect(ctx context.Context, in <-chan string) []string {
	var keys []string
	for k := range in {
		keys = append(keys, k)
	}
	_ = ctx
	return keys
}

// waitDone loops only to wait for a signal, which ends: a span.
func waitDone(ctx context.Context, done <-chan struct{}, tick *time.Ticker) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-done:
			return nil
		case <-tick.C:
		}
	}
}

// Serve runs a server the package does not define: its goroutine, which
// is not given the context, gets no span (it may run as long as the
// program); the client's, which is, does.
func Serve(ctx context.Context, srv Server, c Client) {
	go srv.Serve()
	go c.Run(ctx)
}

// Server serves until it is closed.
type Server interface{ Serve() error }

// Client runs until ctx ends.
type Client interface {
	Run(ctx context.Context) error
}

// worker handles what arrives on its queue for as long as it lives.
type worker struct {
	queue chan Message
	h     Handler
}

// run ranges over a channel kept in a field, which lives as long as the
// worker: no span, one per message.
func (w *worker) run(ctx context.Context) {
	for m := range w.queue {
		_ = w.h.Handle(ctx, m)
	}
}

// serve runs the loop through run: no span either.
func (w *worker) serve(ctx context.Context) {
	w.run(ctx)
}

// Spawn starts serve with its context on a goroutine: no span for Spawn,
// and none for the goroutine.
func (w *worker) Spawn(ctx context.Context) {
	go func() {
		w.serve(ctx)
	}()
}

// Subscriber delivers messages until it is closed.
type Subscriber interface {
	Subscribe(ctx context.Context, topic string) (<-chan *Message, error)
}

// Decorate transforms and forwards each message of a subscription. The
// delivery goroutine lives as long as the subscription, so it gets no span;
// the plain channel of pointers carries no context on, so the forwarding
// gets no span per message. Decorate's own span covers Subscribe, which
// can fail; the goroutine does not take its context.
func Decorate(ctx context.Context, sub Subscriber, f func(*Message)) (<-chan *Message, error) {
	in, err := sub.Subscribe(ctx, "topic")
	if err != nil {
		return nil, err
	}
	out := make(chan *Message)
	go func() {
		defer close(out)
		for m := range in {
			f(m)
			out <- m
		}
	}()
	return out, nil
}

// Ticks counts ticks until ctx ends: a range over time.Tick never ends.
func Ticks(ctx context.Context, n *int) {
	for range time.Tick(time.Second) {
		*n++
		if ctx.Err() != nil {
			return
		}
	}
}

// closeOnDone starts goroutines that wait for their context to end before
// cleaning up: they live as long as the context, so no span for them. The
// third does its work first and gets one; closeOnDone's own span covers
// starting them.
func (r *Router) closeOnDone(ctx context.Context, h Handler) {
	go func() {
		<-ctx.Done()
		close(r.closing)
	}()
	go func() {
		select {
		case <-ctx.Done():
		case <-r.closing:
		}
		r.keys = nil
	}()
	go func() {
		_ = h.Handle(ctx, Message{Key: "last"})
		<-ctx.Done()
	}()
}
