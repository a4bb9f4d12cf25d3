// Package errgroups fans out with golang.org/x/sync/errgroup.
package errgroups

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel"
	"golang.org/x/sync/errgroup"
)

var tracer = otel.Tracer("errgroups")

type User struct{ ID, Name string }

// loadUsers keeps "the" error in a captured variable from every task.
func loadUsers(ctx context.Context, ids []string, load func(context.Context, string) (User, error)) ([]User, error) {
	g, ctx := errgroup.WithContext(ctx)
	var firstErr error
	var users []User
	for _, id := range ids {
		g.Go(func() error {
			ctx, span := tracer.Start(ctx, "load user")
			defer span.End()
			u, err := load(ctx, id)
			if err != nil {
				firstErr = err // want `firstErr is written by the goroutine started on line 22 while other goroutines use it`
				return err
			}
			users = append(users, u) // want `users is appended to by the goroutine started on line 22 while other goroutines use it`
			return nil
		})
	}
	_ = g.Wait()
	return users, firstErr
}

// loadUsersSlots lets each task write its own slot and return its error.
func loadUsersSlots(ctx context.Context, ids []string, load func(context.Context, string) (User, error)) ([]User, error) {
	g, ctx := errgroup.WithContext(ctx)
	users := make([]User, len(ids))
	for i, id := range ids {
		g.Go(func() error {
			ctx, span := tracer.Start(ctx, "load user")
			defer span.End()
			u, err := load(ctx, id)
			if err != nil {
				return err
			}
			users[i] = u
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return users, nil
}

// profileAndOrders runs two different tasks, each with its own result.
func profileAndOrders(ctx context.Context, id string, profile func(context.Context, string) (User, error), orders func(context.Context, string) ([]string, error)) (User, []string, error) {
	var (
		u   User
		ord []string
	)
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		var err error
		u, err = profile(ctx, id)
		return err
	})
	g.Go(func() error {
		var err error
		ord, err = orders(ctx, id)
		return err
	})
	err := g.Wait()
	return u, ord, err
}

// sharedErr has both tasks write the same captured error.
func sharedErr(ctx context.Context, a, b func(context.Context) error) error {
	var g errgroup.Group
	var err error
	g.Go(func() error {
		err = a(ctx) // want `err is written by the goroutine started on line 85 while other goroutines use it`
		return nil
	})
	g.Go(func() error {
		err = b(ctx) // want `err is written by the goroutine started on line 89 while other goroutines use it`
		return nil
	})
	_ = g.Wait()
	return err
}

// countLocked counts under a mutex from errgroup tasks.
func countLocked(ctx context.Context, ids []string, exists func(context.Context, string) bool) (int, error) {
	var (
		mu sync.Mutex
		n  int
	)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(8)
	for _, id := range ids {
		g.Go(func() error {
			if exists(ctx, id) {
				mu.Lock()
				n++
				mu.Unlock()
			}
			return nil
		})
	}
	err := g.Wait()
	return n, err
}
