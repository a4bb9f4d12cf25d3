// Package rangecontrol checks a range-over-channel body that leaves the
// iteration early by continue, break, a labeled continue of the outer loop
// and return: the item span is ended before each of them, exactly once per
// iteration, and a break that only leaves a switch does not end it.
package rangecontrol

import "context"

// Count counts the accepted values of each row.
func Count(ctx context.Context, rows [][]int) int {
	n := 0
outer:
	for _, row := range rows {
		for v := range feed(ctx, row) {
			switch {
			case v == 0:
				break
			case v < 0:
				continue outer
			}
			if v == 1 {
				continue
			}
			if v > 100 {
				break
			}
			if v == 42 {
				return n
			}
			n++
		}
	}
	return n
}

func feed(ctx context.Context, row []int) <-chan int {
	ch := make(chan int, len(row))
	for _, v := range row {
		ch <- v
	}
	close(ch)
	return ch
}
