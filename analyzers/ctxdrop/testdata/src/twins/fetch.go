package twins

import (
	"context"
	"errors"
	"io"
	"net/http"
)

// Fetcher has a context-taking twin of Fetch; Fetch itself is implemented
// with a root context and has no caller's context to drop.
type Fetcher struct{ client *http.Client }

func (f *Fetcher) Fetch(url string) ([]byte, error) {
	return f.FetchContext(context.Background(), url)
}

func (f *Fetcher) FetchContext(ctx context.Context, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// Crawl calls Fetch on a value: the pointer method set is reachable
// because the variable is addressable.
func Crawl(ctx context.Context, f Fetcher, urls []string) (pages [][]byte) {
	for _, url := range urls {
		page, err := f.Fetch(url) // want `f.Fetch drops ctx, the caller's context; use f.FetchContext\(ctx, ...\)`
		if err == nil {
			pages = append(pages, page)
		}
	}
	return pages
}

// Publish has a package-level twin with a WithContext suffix.
func Publish(topic string, msg []byte) error {
	return PublishWithContext(context.Background(), topic, msg)
}

func PublishWithContext(ctx context.Context, topic string, msg []byte) error {
	if topic == "" {
		return errors.New("no topic")
	}
	return ctx.Err()
}

func Announce(ctx context.Context, msg []byte) error {
	return Publish("announcements", msg) // want `Publish drops ctx, the caller's context; use PublishWithContext\(ctx, ...\)`
}

// Notifier is an interface with a twin pair.
type Notifier interface {
	Notify(msg string) error
	NotifyContext(ctx context.Context, msg string) error
}

func Alert(ctx context.Context, n Notifier, msg string) error {
	return n.Notify(msg) // want `n.Notify drops ctx, the caller's context; use n.NotifyContext\(ctx, ...\)`
}

// Resolver's LookupContext takes extra options: not a twin.
type Resolver struct{}

type Option func(*Resolver)

func (r *Resolver) Lookup(host string) ([]string, error) { return nil, nil }

func (r *Resolver) LookupContext(ctx context.Context, host string, opts ...Option) ([]string, error) {
	return nil, ctx.Err()
}

// Signer's SignContext returns something else: not a twin.
type Signer struct{}

func (s Signer) Sign(payload []byte) []byte { return payload }

func (s Signer) SignContext(ctx context.Context, payload []byte) ([]byte, error) {
	return payload, ctx.Err()
}

// Mirror's SyncContext ignores its context and calls Sync; turning that
// call into SyncContext would make it call itself.
type Mirror struct{ synced map[string]bool }

func (m *Mirror) Sync(path string) error {
	m.synced[path] = true
	return nil
}

func (m *Mirror) SyncContext(ctx context.Context, path string) error {
	return m.Sync(path)
}

// Negative: generic functions are not matched with their twins.
func Decode[T any](data []byte) (T, error) {
	var v T
	return v, nil
}

func DecodeContext[T any](ctx context.Context, data []byte) (T, error) {
	return Decode[T](data)
}

// Negative: Resolver and Signer have no twins, and generic twins are not
// matched.
func Resolve(ctx context.Context, r *Resolver, s Signer, data []byte) ([]string, error) {
	_ = s.Sign(data)
	if _, err := Decode[string](data); err != nil {
		return nil, err
	}
	return r.Lookup("db.internal")
}
