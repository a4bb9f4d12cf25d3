// Package methods checks span names of methods: "methods.Store.Get" for a
// value receiver and "methods.(*Store).Put" for a pointer receiver.
package methods

import "context"

// Store is a tiny key-value store.
type Store struct {
	data map[string]string
}

// Get returns the value stored under key.
func (s Store) Get(ctx context.Context, key string) string {
	return s.data[key]
}

// Put stores value under key.
func (s *Store) Put(ctx context.Context, key, value string) {
	if s.data == nil {
		s.data = make(map[string]string)
	}
	s.data[key] = value
}
