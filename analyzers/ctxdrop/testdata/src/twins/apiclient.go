package twins

import (
	"context"
	"net/http"
)

// apiClient attaches the context when it sends, the way Prometheus' API
// client does: requests are built without one and joined with ctx in do.
type apiClient struct{ hc *http.Client }

func (c *apiClient) do(ctx context.Context, req *http.Request) (*http.Response, error) {
	return c.hc.Do(req.WithContext(ctx))
}

// Alerts builds the request without a context and sends it with ctx: not
// reported, the context travels beside the request.
func (c *apiClient) Alerts(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.do(ctx, req)
}

// Attach sets the context on the request itself before sending it.
func Attach(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	return http.DefaultClient.Do(req)
}

// Forgets never gives the request a context: reported.
func Forgets(ctx context.Context, c *apiClient, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil) // want `http.NewRequest drops ctx, the caller's context; use http.NewRequestWithContext\(ctx, ...\)`
	if err != nil {
		return nil, err
	}
	return c.hc.Do(req)
}
