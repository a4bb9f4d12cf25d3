// Package helpersync holds goroutines ordered by channel handshakes inside
// same-package helper methods, next to look-alikes with nothing ordering
// them.
package helpersync

import (
	"context"
	"fmt"
	"strings"
	"time"
)

type runner struct {
	stop chan struct{}
	logs []string
}

// Stop sends on a channel: a call of it signals.
func (r *runner) Stop() { r.stop <- struct{}{} }

// RunUntilStop returns when it receives what Stop sent.
func (r *runner) RunUntilStop(ctx context.Context) {
	select {
	case <-r.stop:
	case <-ctx.Done():
	}
}

// stopAll synchronises through another helper, two calls deep.
func (r *runner) stopAll() { r.Stop() }

// describe only formats: calling it orders nothing.
func (r *runner) describe() string { return strings.Join(r.logs, ",") }

func (r *runner) waitLog() (string, bool) { return fmt.Sprint(len(r.logs)), true }

// handshake is the class: each goroutine's write is ordered before
// the read by Stop and RunUntilStop, and the second goroutine starts after
// the first one's handshake.
func handshake(ctx context.Context, r *runner) {
	var match string
	var found bool
	go func() {
		match, found = r.waitLog()
		r.Stop()
	}()
	r.RunUntilStop(ctx)
	if !found {
		fmt.Println("first: no match", match)
	}
	go func() {
		match, found = r.waitLog()
		r.stopAll()
	}()
	time.Sleep(time.Millisecond)
	r.runAll(ctx)
	if !found {
		fmt.Println("second: no match", match)
	}
}

// noHandshake is its twin with a helper that only formats: nothing orders
// the write before the read.
func noHandshake(r *runner) {
	var found bool
	go func() {
		_, found = r.waitLog() // want `found is written by the goroutine started on line 66 while the function that started it uses it without waiting`
	}()
	_ = r.describe()
	if !found {
		fmt.Println("no match")
	}
}

// sleepOnly writes with := and is read after a sleep with only quiet calls
// in between.
func sleepOnly(r *runner) {
	var err error
	go func() {
		var nc string
		nc, err = connect() // want `err is written by the goroutine started on line 79`
		_ = nc
	}()
	time.Sleep(time.Millisecond)
	_ = r.describe()
	fmt.Println(err) // want `err is read after time.Sleep, which does not wait for the goroutine started on line 79`
}

func connect() (string, error) { return "", nil }

// collect receives every element the goroutine appended before it reads the
// slice: each append is handed over by the send that follows it.
func collect(n int) []int {
	var out []int
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			out = append(out, i)
			ch <- i
		}
	}()
	for i := 0; i < n; i++ {
		<-ch
	}
	return out
}

// collectNoWait reads the slice before receiving: the append may overlap.
func collectNoWait(n int) []int {
	var out []int
	ch := make(chan int, n)
	go func() {
		for i := 0; i < n; i++ {
			out = append(out, i) // want `out is appended to by the goroutine started on line 112 while the function that started it uses it without waiting`
			ch <- i
		}
	}()
	got := len(out)
	for i := 0; i < n; i++ {
		<-ch
	}
	_ = got
	return out
}

// redeclare writes err with := after a sleep: the message says written.
func redeclare() {
	var err error
	go func() {
		_, err = connect() // want `err is written by the goroutine started on line 129`
	}()
	time.Sleep(time.Millisecond)
	nc, err := connect() // want `err is written after time.Sleep, which does not wait for the goroutine started on line 129`
	_, _ = nc, err
}

// runAll waits through RunUntilStop, one call deep.
func (r *runner) runAll(ctx context.Context) { r.RunUntilStop(ctx) }

// collectVia receives the hand-offs in a same-package helper.
func collectVia(n int) []int {
	var out []int
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			out = append(out, i)
			ch <- i
		}
	}()
	drain(ch, n)
	return out
}

func drain(ch <-chan int, n int) {
	for i := 0; i < n; i++ {
		<-ch
	}
}
