// Package goparamnames checks go statements whose callees name their
// parameters span, tracer and ctx, in a function whose context is called c:
// the wrapper's parameters must neither clash with the injected ctx and
// span nor hide the package's tracer, and the literal started under c gets
// c's span context under the name its body uses.
package goparamnames

import (
	"context"
	"fmt"
)

func audit(span string, tracer int) {
	fmt.Println(span, tracer)
}

func label(ctx string) {
	fmt.Println(ctx)
}

// Named starts goroutines under a context named c.
func Named(c context.Context) {
	go func() {
		fmt.Println(c.Err())
	}()
	go audit("x", 1)
	go label("y")
}
