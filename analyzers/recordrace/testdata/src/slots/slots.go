// Package slots fans work out to goroutines that each fill a slot of a
// result slice, correctly and not.
package slots

import (
	"context"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/codes"
)

var tracer = otel.Tracer("slots")

type Page struct {
	URL  string
	Body []byte
	Err  error
}

// fetchAllParam passes the index as the goroutine's parameter.
func fetchAllParam(ctx context.Context, urls []string, fetch func(context.Context, string) ([]byte, error)) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func(i int, u string) {
			defer wg.Done()
			ctx, span := tracer.Start(ctx, "fetch")
			defer span.End()
			body, err := fetch(ctx, u)
			if err != nil {
				span.SetStatus(codes.Error, err.Error())
			}
			pages[i] = Page{URL: u, Body: body, Err: err}
		}(i, u)
	}
	wg.Wait()
	return pages
}

// fetchAllLoopVar relies on Go 1.22 per-iteration loop variables.
func fetchAllLoopVar(ctx context.Context, urls []string, fetch func(context.Context, string) ([]byte, error)) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pages[i].URL = u
			pages[i].Body, pages[i].Err = fetch(ctx, u)
		}()
	}
	wg.Wait()
	return pages
}

// fillGrid indexes by the loop variables of two loops and a copy.
func fillGrid(rows, cols int, cell func(r, c int) float64) [][]float64 {
	grid := make([][]float64, rows)
	for r := range grid {
		grid[r] = make([]float64, cols)
	}
	var wg sync.WaitGroup
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			slot := c
			wg.Go(func() {
				grid[r][slot] = cell(r, slot)
			})
		}
	}
	wg.Wait()
	return grid
}

// firstWins has every goroutine write element 0.
func firstWins(ctx context.Context, mirrors []string, fetch func(context.Context, string) ([]byte, error)) []Page {
	winner := make([]Page, 1)
	var wg sync.WaitGroup
	for _, m := range mirrors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if body, err := fetch(ctx, m); err == nil {
				winner[0] = Page{URL: m, Body: body} // want `winner\[0\] is written by the goroutine started on line 83 while other goroutines use it; guard it with a mutex, or pre-size the slice and have each goroutine write only its own index`
			}
		}()
	}
	wg.Wait()
	return winner
}

// nextSlot hands out slots from a shared counter.
func nextSlot(jobs []func() int) []int {
	out := make([]int, len(jobs))
	next := 0
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[next] = job() // want `out\[next\] is written by the goroutine started on line 101`
			next++            // want `next is written by the goroutine started on line 101`
		}()
	}
	wg.Wait()
	return out
}

// growWhileFilling writes own slots while another goroutine appends, which
// may move the backing array under the writers.
func growWhileFilling(ctx context.Context, urls []string, extra <-chan Page, fetch func(context.Context, string) ([]byte, error)) []Page {
	pages := make([]Page, len(urls))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for p := range extra {
			pages = append(pages, p) // want `pages is appended to by the goroutine started on line 117 while other goroutines use it`
		}
	}()
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body, err := fetch(ctx, u)
			pages[i] = Page{URL: u, Body: body, Err: err} // want `pages\[i\] is written by the goroutine started on line 125 while other goroutines use it`
		}()
	}
	wg.Wait()
	return pages
}

// primaryAndBackup has two goroutines, each with its own constant slot.
func primaryAndBackup(ctx context.Context, primary, backup string, fetch func(context.Context, string) ([]byte, error)) [2]Page {
	var res [2]Page
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		res[0].URL = primary
		res[0].Body, res[0].Err = fetch(ctx, primary)
	}()
	go func() {
		defer wg.Done()
		res[1].URL = backup
		res[1].Body, res[1].Err = fetch(ctx, backup)
	}()
	wg.Wait()
	return res
}

// bodyLocal declares the slot index inside the loop body.
func bodyLocal(items []string, process func(string) int) []int {
	out := make([]int, len(items))
	var wg sync.WaitGroup
	for n := range len(items) {
		idx := n
		item := items[idx]
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[idx] = process(item)
		}()
	}
	wg.Wait()
	return out
}

// parallelMap is a generic fan-out with one slot per input.
func parallelMap[T, R any](in []T, f func(T) R) []R {
	out := make([]R, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Go(func() { out[i] = f(v) })
	}
	wg.Wait()
	return out
}

// parallelCollect is the generic fan-out that appends.
func parallelCollect[T, R any](in []T, f func(T) R) []R {
	var out []R
	var wg sync.WaitGroup
	for _, v := range in {
		wg.Go(func() { out = append(out, f(v)) }) // want `out is appended to by the goroutine started on line 187 while other goroutines use it`
	}
	wg.Wait()
	return out
}
