// Package initlib checks that -init changes only package main: a function
// called main elsewhere is an ordinary function.
package initlib

import "context"

var started bool

func main() {
	started = true
}

// Run calls main.
func Run(ctx context.Context) {
	main()
}
