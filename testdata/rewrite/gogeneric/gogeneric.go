// Package gogeneric checks go statements calling a generic function with
// explicit (show[int]) and inferred type arguments, and inside a generic
// function where the argument's type is a type parameter: the wrapper's
// parameter types must be valid where the go statement is.
package gogeneric

import (
	"context"
	"fmt"
)

func show[T any](v T) {
	fmt.Println(v)
}

// Run shows x twice.
func Run(ctx context.Context, x int) {
	go show[int](x)
	go show(x)
}

// Each shows every element of xs.
func Each[T any](ctx context.Context, xs []T) {
	for _, x := range xs {
		go show(x)
	}
}
