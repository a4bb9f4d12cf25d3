// Package requestonly checks that a function taking an *http.Request but no
// http.ResponseWriter is left unchanged: it inspects a request, it does not
// serve one, so it owns no context; nor does a go statement in it get one.
package requestonly

import (
	"fmt"
	"net/http"
)

// Describe returns the method and path of r.
func Describe(r *http.Request) string {
	return r.Method + " " + r.URL.Path
}

// Log prints r's description in the background.
func Log(r *http.Request) {
	go fmt.Println(Describe(r))
}
