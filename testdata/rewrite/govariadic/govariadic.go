// Package govariadic checks go statements calling a variadic function with
// a spread slice (xs...) and with separate arguments: the wrapper must
// keep the call's shape and type-check.
package govariadic

import (
	"context"
	"fmt"
)

func sum(label string, xs ...int) {
	t := 0
	for _, x := range xs {
		t += x
	}
	fmt.Println(label, t)
}

// Run sums xs and a few constants in the background.
func Run(ctx context.Context, xs []int) {
	go sum("all", xs...)
	go sum("few", 1, 2, 3)
	go sum("none")
}
