// Package goforeign checks go statements calling functions and methods of
// other packages (fmt.Println, time.Sleep, (*strings.Reader).WriteTo): the
// wrapper's parameter types come from those packages, and the receiver
// expression is still evaluated when the go statement runs.
package goforeign

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"
)

// Background starts a few goroutines from the standard library.
func Background(ctx context.Context, x int, d time.Duration, s string, buf *bytes.Buffer) {
	go fmt.Println(x)
	go time.Sleep(d)
	go strings.NewReader(s).WriteTo(buf)
}
