// Package handler checks HTTP handlers, func(w http.ResponseWriter, r
// *http.Request), in a file that imports only net/http: the span starts
// from r.Context(), r carries the span's context on, and the file gets
// every import the injected code needs.
package handler

import "net/http"

// Hello answers every request with a greeting.
func Hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusOK)
}

// Server serves its greeting.
type Server struct {
	Greeting string
}

// ServeHTTP answers with s.Greeting.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, s.Greeting+" "+r.URL.Path, http.StatusTeapot)
}
