// Package handoff has goroutines that share variables in stages, ordered
// by channels and WaitGroups, next to ones that are not ordered.
package handoff

import (
	"context"
	"sync"
)

type Config struct {
	Endpoint string
	Retries  int
}

// loadThenServe: the loader closes ready after writing cfg; the server
// receives from ready before reading it.
func loadThenServe(ctx context.Context, load func() Config, serve func(context.Context, Config)) {
	var cfg Config
	ready := make(chan struct{})
	go func() {
		cfg = load()
		close(ready)
	}()
	go func() {
		<-ready
		serve(ctx, cfg)
	}()
	<-ctx.Done()
}

// collectThenLog: workers finish (wg.Done) before the logger's wg.Wait.
func collectThenLog(items []string, logf func(string, ...any)) {
	var wg sync.WaitGroup
	var last string
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, it := range items {
			last = it
		}
	}()
	finished := make(chan struct{})
	go func() {
		wg.Wait()
		logf("last item %s", last)
		close(finished)
	}()
	<-finished
}

// unordered: the reader waits on a different channel than the writer
// signals, so nothing orders them.
func unordered(ctx context.Context, load func() Config, serve func(context.Context, Config)) {
	var cfg Config
	ready := make(chan struct{})
	start := make(chan struct{})
	go func() {
		cfg = load() // want `cfg is written by the goroutine started on line 57 while other goroutines use it`
		close(ready)
	}()
	go func() {
		<-start
		serve(ctx, cfg)
	}()
	close(start)
	<-ready
}

// sequential starts the second goroutine only after the first is done.
func sequential(load func() Config, use func(Config)) {
	var cfg Config
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		cfg = load()
	}()
	wg.Wait()
	wg.Add(1)
	go func() {
		defer wg.Done()
		cfg.Retries++
		use(cfg)
	}()
	wg.Wait()
}

// readers only: two goroutines read the config, nobody writes it.
func readers(cfg Config, dial func(string) error) error {
	errs := make(chan error, 2)
	go func() { errs <- dial(cfg.Endpoint) }()
	go func() { errs <- dial(cfg.Endpoint + "/health") }()
	if err := <-errs; err != nil {
		return err
	}
	return <-errs
}

// primeThenStart: the starting function sets the value, then releases the
// goroutine, which waits for that before overwriting it.
func primeThenStart(initial Config, refresh func(Config) Config) Config {
	var cfg Config
	start := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-start
		cfg = refresh(cfg)
	}()
	cfg = initial
	close(start)
	<-done
	return cfg
}

// primeRacy sets the value after starting the goroutine without any
// hand-off.
func primeRacy(initial Config, refresh func(Config) Config) Config {
	var cfg Config
	done := make(chan struct{})
	go func() {
		defer close(done)
		cfg = refresh(Config{}) // want `cfg is written by the goroutine started on line 121 while the function that started it uses it without waiting`
	}()
	cfg = initial
	<-done
	return cfg
}
