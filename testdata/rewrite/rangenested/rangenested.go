// Package rangenested checks control flow inside a range-over-channel body
// that does not leave the iteration (break out of a select, break and
// continue of an inner loop, return from a nested function literal) and a
// goto that does: only the goto ends the item span early.
package rangenested

import "context"

// Count counts the values from feed until a negative one.
func Count(ctx context.Context, xs []int, stop <-chan struct{}) int {
	n := 0
	for v := range feed(ctx, xs) {
		select {
		case <-stop:
			break
		default:
		}
		if v < 0 {
			goto done
		}
		for i := range 3 {
			if i == v {
				break
			}
			if i > v {
				continue
			}
			n++
		}
		func() {
			if v == 9 {
				return
			}
			n++
		}()
	}
done:
	return n
}

func feed(ctx context.Context, xs []int) <-chan int {
	ch := make(chan int, len(xs))
	for _, x := range xs {
		ch <- x
	}
	close(ch)
	return ch
}
