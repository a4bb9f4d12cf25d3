package handler

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// ServeHTTP loads with a root context and calls upstream without any: the
// client's cancellation and the request's trace are both lost. Fixing the
// only context.Background() of this file also removes its context import.
func (s *Store) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v, err := s.Load(context.Background(), r.URL.Query().Get("id")) // want `context.Background\(\) drops r.Context\(\), the caller's context; pass r.Context\(\)`
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	resp, err := http.Get("http://upstream.internal/enrich/" + v) // want `http.Get drops r.Context\(\), the caller's context; use http.NewRequestWithContext\(r.Context\(\), ...\) and a client's Do`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

type Proxy struct {
	Client   *http.Client
	Upstream string
}

func (p *Proxy) Forward(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequest(r.Method, p.Upstream+r.URL.Path, r.Body) // want `http.NewRequest drops r.Context\(\), the caller's context; use http.NewRequestWithContext\(r.Context\(\), ...\)`
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

func (p *Proxy) Health(w http.ResponseWriter, r *http.Request) {
	resp, err := p.Client.Head(p.Upstream + "/healthz") // want `p.Client.Head drops r.Context\(\), the caller's context; use http.NewRequestWithContext\(r.Context\(\), ...\) and a client's Do`
	if err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	resp.Body.Close()
	fmt.Fprintln(w, resp.Status)
}

// Negative: the request's context is passed on.
func (p *Proxy) ForwardProperly(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, p.Upstream+r.URL.Path, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := p.Client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	_, _ = io.Copy(w, resp.Body)
}

// Negative: no request, no context; the client call has nothing to pass.
func Ping(client *http.Client, url string) error {
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
