// Package sleepsync uses time.Sleep where it should wait.
package sleepsync

import (
	"fmt"
	"sync"
	"time"
)

type Sample struct {
	At    time.Time
	Value float64
}

// pollSleep reads the samples after sleeping "long enough".
func pollSleep(read func() float64) {
	var samples []Sample
	go func() {
		for range 3 {
			samples = append(samples, Sample{At: time.Now(), Value: read()}) // want `samples is appended to by the goroutine started on line 18 while the function that started it uses it without waiting`
		}
	}()
	time.Sleep(100 * time.Millisecond)
	fmt.Println(len(samples)) // want `samples is read after time.Sleep, which does not wait for the goroutine started on line 18; use a sync.WaitGroup or a channel`
	fmt.Println(samples)
}

// lastValue writes a scalar and reads it after a sleep.
func lastValue(read func() float64) float64 {
	var v float64
	go func() {
		v = read() // want `v is written by the goroutine started on line 31 while the function that started it uses it without waiting`
	}()
	time.Sleep(time.Second)
	return v // want `v is read after time.Sleep, which does not wait for the goroutine started on line 31`
}

// pollWait sleeps for pacing but waits on the WaitGroup before reading.
func pollWait(read func() float64) []Sample {
	var samples []Sample
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		samples = append(samples, Sample{At: time.Now(), Value: read()})
	}()
	time.Sleep(10 * time.Millisecond)
	wg.Wait()
	return samples
}

// pollChannel sleeps, then receives the goroutine's signal.
func pollChannel(read func() float64) float64 {
	var v float64
	done := make(chan struct{})
	go func() {
		v = read()
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	<-done
	return v
}

// sleepBeforeStart sleeps before starting the goroutine, and only then
// waits.
func sleepBeforeStart(read func() float64) float64 {
	var v float64
	time.Sleep(10 * time.Millisecond)
	var wg sync.WaitGroup
	wg.Go(func() { v = read() })
	wg.Wait()
	return v
}

// blockedReceiver checks, after a pause, that a receiver is still blocked:
// it only writes after the starting function sends, which comes after the
// read.
func blockedReceiver() bool {
	c := make(chan int)
	received := false
	go func() {
		<-c
		received = true
	}()
	time.Sleep(time.Millisecond)
	stillBlocked := !received
	c <- 1
	return stillBlocked
}
