// Package rulehandler checks the span rule on HTTP handlers, whose request
// stands in for the context: a handler that does work gets a span, a
// middleware that only sets a header and calls the next handler does not.
package rulehandler

import (
	"context"
	"net/http"
)

// Store is what the handler does its work with.
type Store interface {
	Get(ctx context.Context, key string) (string, error)
}

// Get serves a value from the store: a span.
func Get(s Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.Get(r.Context(), r.URL.Query().Get("key"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(v))
	}
}

// Proxy forwards the request: a call that can fail given the request, so
// a span.
func Proxy(c *http.Client) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		resp, err := c.Do(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		_ = resp.Body.Close()
		w.WriteHeader(resp.StatusCode)
	}
}

// Tag sets a header and calls next: no span; next gets its own.
func Tag(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Tag", "1")
		next.ServeHTTP(w, r)
	})
}

// Health writes a constant: no span.
func Health(w http.ResponseWriter, r *http.Request) {
	_, _ = w.Write([]byte("ok"))
}
