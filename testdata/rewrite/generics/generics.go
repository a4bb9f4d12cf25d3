// Package generics checks a generic function and a method of a generic
// type: both get a span, named without type arguments
// ("generics.Map", "generics.(*Cache).Get"), and the injected code must not
// disturb the type parameters.
package generics

import "context"

// Map applies f to every element of xs.
func Map[T, U any](ctx context.Context, xs []T, f func(context.Context, T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(ctx, x))
	}
	return out
}

// Cache is a map with a fallback loader.
type Cache[K comparable, V any] struct {
	m    map[K]V
	load func(context.Context, K) V
}

// Get returns the cached value for k, loading it on a miss.
func (c *Cache[K, V]) Get(ctx context.Context, k K) V {
	if v, ok := c.m[k]; ok {
		return v
	}
	v := c.load(ctx, k)
	c.m[k] = v
	return v
}
