// Package ruleleaves checks functions whose context leaves them: a span
// would replace the context they store, return or compare with the one
// holding the span, so they get none. Each has a look-alike that keeps its
// context to itself and gets a span.
package ruleleaves

import (
	"context"
	"errors"
)

type userKey struct{}

// Store is what the look-alikes do their work with.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
}

// Msg carries the context it was handed.
type Msg struct {
	ctx  context.Context
	Body string
}

// SetContext stores ctx: no span.
func (m *Msg) SetContext(ctx context.Context) { m.ctx = ctx }

// WithUser returns a context derived from ctx: no span.
func WithUser(ctx context.Context, s Store, name string) context.Context {
	if _, err := s.Get(ctx, name); err != nil {
		return ctx
	}
	return context.WithValue(ctx, userKey{}, name)
}

// Opt is an option built around a context.
type Opt struct {
	Ctx  context.Context
	Name string
}

// Context builds an option holding ctx: no span.
func Context(ctx context.Context) Opt { return Opt{Ctx: ctx} }

// IsRoot compares ctx with Background: no span.
func IsRoot(ctx context.Context, s Store) (bool, error) {
	if ctx == context.Background() {
		return true, nil
	}
	_, err := s.Get(ctx, "root")
	return false, err
}

var current context.Context

// Remember keeps a context derived from ctx in a package variable: no span.
func Remember(ctx context.Context, s Store) error {
	c, cancel := context.WithCancel(ctx)
	_ = cancel
	current = c
	_, err := s.Get(c, "k")
	return err
}

// Forward hands ctx to a setter of the package: no span.
func Forward(ctx context.Context, m *Msg, s Store) error {
	m.SetContext(ctx)
	_, err := s.Get(ctx, m.Body)
	return err
}

// Later returns a closure over ctx: no span.
func Later(ctx context.Context, s Store) func() error {
	return func() error {
		_, err := s.Get(ctx, "later")
		return err
	}
}

// Load returns what it read with ctx, not ctx itself: a span.
func Load(ctx context.Context, s Store, key string) (string, error) {
	v, err := s.Get(ctx, key)
	if err != nil {
		return "", errors.Join(errors.New("load "+key), err)
	}
	return v, nil
}

// Send sends a message built around ctx down a pipeline, which is how a
// context is meant to travel: a span, and the message carries it.
func Send(ctx context.Context, out chan<- Opt, name string) {
	out <- Opt{Ctx: ctx, Name: name}
}

// Derive derives a context and uses it without letting it out: a span.
func Derive(ctx context.Context, s Store) error {
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err := s.Get(c, "k")
	return err
}
