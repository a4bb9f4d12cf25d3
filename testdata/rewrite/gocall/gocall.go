// Package gocall checks go statements calling a named function and a
// method without a context parameter: each becomes a wrapping literal with
// a span named after the callee ("gocall.add", "gocall.(*Logger).Log"),
// and arguments and receiver are still evaluated when the go statement
// runs, not later in the goroutine.
package gocall

import (
	"context"
	"fmt"
)

// Logger prints with a prefix.
type Logger struct {
	prefix string
}

// Log prints msg.
func (l *Logger) Log(msg string) {
	fmt.Println(l.prefix, msg)
}

func add(a, b int) {
	fmt.Println(a + b)
}

// Start launches background work.
func Start(ctx context.Context, a, b int, l *Logger, parts []string) {
	go add(a, b)
	go add(a+1, len(parts))
	go l.Log("started")
}
