// Package handler shows HTTP handlers whose request context is dropped.
package handler

import (
	"context"
	"errors"
	"sync"
)

var errNotFound = errors.New("not found")

type Store struct {
	mu    sync.Mutex
	items map[string]string
}

func (s *Store) Load(ctx context.Context, id string) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.items[id]
	if !ok {
		return "", errNotFound
	}
	return v, nil
}
