// Package waitgroups starts goroutines and waits for them, or does not.
package waitgroups

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

var tracer = otel.Tracer("waitgroups")

type Report struct {
	Rows  int
	Error string
}

// buildReport writes the result in one goroutine and reads it only after
// Wait: ordered, not a race.
func buildReport(ctx context.Context, build func(context.Context) (Report, error)) (Report, error) {
	var (
		wg     sync.WaitGroup
		result Report
		err    error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		ctx, span := tracer.Start(ctx, "build report")
		defer span.End()
		result, err = build(ctx)
	}()
	wg.Wait()
	return result, err
}

// buildReportEager reads the result before waiting.
func buildReportEager(ctx context.Context, build func(context.Context) (Report, error)) (Report, error) {
	var (
		wg     sync.WaitGroup
		result Report
		err    error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		result, err = build(ctx) // want `result is written by the goroutine started on line 50 while the function that started it uses it without waiting; guard it with a mutex, use sync/atomic, or send the value on a channel`
	}()
	if result.Rows == 0 {
		trace.SpanFromContext(ctx).AddEvent("empty report")
	}
	wg.Wait()
	return result, err
}

// fanOutGo uses sync.WaitGroup.Go (Go 1.25) and a shared total.
func fanOutGo(parts [][]int) int {
	var wg sync.WaitGroup
	total := 0
	for _, p := range parts {
		wg.Go(func() {
			for _, v := range p {
				total += v // want `total is written by the goroutine started on line 66 while other goroutines use it`
			}
		})
	}
	wg.Wait()
	return total
}

// fanOutGoSlots uses sync.WaitGroup.Go with one slot per part.
func fanOutGoSlots(parts [][]int) []int {
	var wg sync.WaitGroup
	sums := make([]int, len(parts))
	for i, p := range parts {
		wg.Go(func() {
			for _, v := range p {
				sums[i] += v
			}
		})
	}
	wg.Wait()
	return sums
}

type Job struct{ ID, Payload string }
type Result struct {
	JobID string
	Err   error
}

// workerPool sends results on a channel; only the caller collects them.
func workerPool(ctx context.Context, jobs []Job, workers int, run func(context.Context, Job) error) []Result {
	in := make(chan Job)
	out := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range in {
				ctx, span := tracer.Start(ctx, "job")
				out <- Result{JobID: j.ID, Err: run(ctx, j)}
				span.End()
			}
		}()
	}
	go func() {
		for _, j := range jobs {
			in <- j
		}
		close(in)
	}()
	go func() {
		wg.Wait()
		close(out)
	}()
	var results []Result
	for r := range out {
		results = append(results, r)
	}
	return results
}

// configureThenStart writes the config before starting the goroutine,
// which only reads it.
func configureThenStart(ctx context.Context, addr string, serve func(context.Context, *http.Server) error) error {
	srv := &http.Server{Addr: addr}
	srv.ReadTimeout = 5 * time.Second
	timeout := 10 * time.Second
	errc := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		errc <- serve(ctx, srv)
	}()
	return <-errc
}

// serialLoop waits for each goroutine before starting the next.
func serialLoop(steps []func() error) error {
	var err error
	for _, step := range steps {
		done := make(chan struct{})
		go func() {
			defer close(done)
			err = step()
		}()
		<-done
		if err != nil {
			return err
		}
	}
	return nil
}

// firstMatch starts one goroutine and leaves the loop.
func firstMatch(candidates []string, match func(string) bool, check func(string) error) error {
	var err error
	var wg sync.WaitGroup
	for _, c := range candidates {
		if match(c) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err = check(c)
			}()
			break
		}
	}
	wg.Wait()
	return err
}

// asyncOrInline computes in a goroutine or inline, never both.
func asyncOrInline(async bool, compute func() int) int {
	var n int
	done := make(chan struct{})
	if async {
		go func() {
			defer close(done)
			n = compute()
		}()
	} else {
		n = compute()
		close(done)
	}
	<-done
	return n
}

// perRequest declares the response variable inside the loop body: each
// goroutine gets its own.
func perRequest(ctx context.Context, urls []string, get func(context.Context, string) (*http.Response, error)) []int {
	codes := make(chan int, len(urls))
	for _, u := range urls {
		var resp *http.Response
		var err error
		go func() {
			resp, err = get(ctx, u)
			if err != nil {
				codes <- 0
				return
			}
			codes <- resp.StatusCode
		}()
	}
	out := make([]int, 0, len(urls))
	for range urls {
		out = append(out, <-codes)
	}
	return out
}

// handler decodes the body in a goroutine and reads the result before
// waiting for it.
func handler(w http.ResponseWriter, r *http.Request) {
	var payload map[string]any
	var decodeErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		decodeErr = json.NewDecoder(r.Body).Decode(&payload) // want `decodeErr is written by the goroutine started on line 226 while the function that started it uses it without waiting`
	}()
	if errors.Is(decodeErr, context.Canceled) {
		http.Error(w, "canceled", http.StatusRequestTimeout)
	}
	<-done
	_ = json.NewEncoder(w).Encode(payload)
}

// Pool is a conc-style pool: Go runs f in a new goroutine.
type Pool struct{ wg sync.WaitGroup }

func (p *Pool) Go(f func()) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f()
	}()
}

func (p *Pool) Wait() { p.wg.Wait() }

func poolSum(values []int) int {
	var p Pool
	sum := 0
	for _, v := range values {
		p.Go(func() {
			sum += v // want `sum is written by the goroutine started on line 254 while other goroutines use it`
		})
	}
	p.Wait()
	return sum
}

func poolSlots(values []int) []int {
	var p Pool
	doubled := make([]int, len(values))
	for i, v := range values {
		p.Go(func() {
			doubled[i] = 2 * v
		})
	}
	p.Wait()
	return doubled
}

// nested starts a goroutine from a goroutine; the inner one appends while
// the outer one keeps appending.
func nested(batches [][]string) []string {
	done := make(chan struct{})
	go func() {
		defer close(done)
		var seen []string
		inner := make(chan struct{})
		go func() {
			defer close(inner)
			seen = append(seen, "start") // want `seen is appended to by the goroutine started on line 282 while the function that started it uses it without waiting`
		}()
		for _, b := range batches {
			seen = append(seen, b...)
		}
		<-inner
	}()
	<-done
	return nil
}
