package handler

import (
	"bytes"
	"fmt"
	"net/http"
)

// sameRequest only inspects a request it does not serve (no
// http.ResponseWriter), so the request's context is not the caller's
// context here and building the comparison request drops nothing.
func sameRequest(got *http.Request, url string, body []byte) error {
	want, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	if got.Method != want.Method || got.URL.String() != want.URL.String() {
		return fmt.Errorf("got %s %s, want %s %s", got.Method, got.URL, want.Method, want.URL)
	}
	return nil
}
