package handler

import (
	"context"
	"net/http"
	"time"
)

// A handler that shuts its own server down must not give Shutdown the
// request's context: Shutdown waits for this very request, whose context
// it would then cancel. Not reported, directly, derived or through a
// local variable.
func shutdownHandler(srv *http.Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		go func() {
			_ = srv.Shutdown(context.Background())
		}()
	}
}

func shutdownWithTimeout(srv *http.Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		go func() {
			_ = srv.Shutdown(context.WithoutCancel(context.Background()))
			sctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			_ = srv.Shutdown(sctx)
		}()
	}
}

// A root context that goes elsewhere in the same handler is still
// reported.
func notShutdown(srv *http.Server) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second) // want `context.Background\(\) drops r.Context\(\), the caller's context; pass r.Context\(\)`
		defer cancel()
		_ = srv.Shutdown(context.TODO())
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://x", nil)
		_ = req
	}
}
