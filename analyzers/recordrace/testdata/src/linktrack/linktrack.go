// Package linktrack records the hops of a request in goroutines, the way
// hand-rolled link tracking code often does before it meets a tracer.
package linktrack

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

type LinkRecord struct {
	TraceID   trace.TraceID
	Hop       string
	CreatedAt time.Time
	StartTime time.Time
	EndTime   time.Time
	Err       error
}

var tracer = otel.Tracer("linktrack")

// traceHops has the classic bug: three goroutines append to one slice and
// then write "their" element, and a sleep stands in for waiting.
func traceHops(ctx context.Context) {
	records := make([]LinkRecord, 0)

	go func() {
		_, span := tracer.Start(ctx, "gateway")
		defer span.End()
		records = append(records, LinkRecord{TraceID: span.SpanContext().TraceID(), Hop: "gateway", CreatedAt: time.Now()}) // want `records is appended to by the goroutine started on line 31 while other goroutines use it; guard it with a mutex, send results on a channel, or pre-size the slice and have each goroutine write its own index`
		time.Sleep(10 * time.Millisecond)
		records[0].StartTime = time.Now() // want `records\[0\]\.StartTime is written by the goroutine started on line 31 while other goroutines use it; guard it with a mutex, or pre-size the slice and have each goroutine write only its own index`
		time.Sleep(10 * time.Millisecond)
		records[0].EndTime = time.Now() // want `records\[0\]\.EndTime is written by the goroutine started on line 31`
	}()

	go func() {
		_, span := tracer.Start(ctx, "auth")
		defer span.End()
		records = append(records, LinkRecord{TraceID: span.SpanContext().TraceID(), Hop: "auth", CreatedAt: time.Now()}) // want `records is appended to by the goroutine started on line 41`
		records[1].StartTime = time.Now()                                                                                // want `records\[1\]\.StartTime is written by the goroutine started on line 41`
		records[1].EndTime = time.Now()                                                                                  // want `records\[1\]\.EndTime is written`
	}()

	go func() {
		_, span := tracer.Start(ctx, "storage")
		defer span.End()
		records = append(records, LinkRecord{TraceID: span.SpanContext().TraceID(), Hop: "storage", CreatedAt: time.Now()}) // want `records is appended to by the goroutine started on line 49`
		records[2].StartTime = time.Now()                                                                                   // want `records\[2\]\.StartTime is written`
		records[2].EndTime = time.Now()                                                                                     // want `records\[2\]\.EndTime is written`
	}()

	time.Sleep(2 * time.Second)

	for _, r := range records { // want `records is read after time.Sleep, which does not wait for the goroutine started on line 31; use a sync.WaitGroup or a channel`
		fmt.Printf("%s %s took %v\n", r.TraceID, r.Hop, r.EndTime.Sub(r.StartTime))
	}
}

// traceHopsLocked is the mutex fix: each goroutine builds its record
// privately and appends under the lock; the caller waits for all of them.
func traceHopsLocked(ctx context.Context, hops []string) []LinkRecord {
	var (
		mu      sync.Mutex
		wg      sync.WaitGroup
		records []LinkRecord
	)
	for _, hop := range hops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, span := tracer.Start(ctx, hop)
			defer span.End()
			rec := LinkRecord{Hop: hop, CreatedAt: time.Now()}
			rec.StartTime = time.Now()
			rec.EndTime = time.Now()
			mu.Lock()
			records = append(records, rec)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return records
}

// traceHopsPresized is the index fix: the slice has its final length
// before any goroutine starts and each one owns one element.
func traceHopsPresized(ctx context.Context, hops []string) []LinkRecord {
	records := make([]LinkRecord, len(hops))
	var wg sync.WaitGroup
	for i, hop := range hops {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, span := tracer.Start(ctx, hop)
			defer span.End()
			records[i].Hop = hop
			records[i].StartTime = time.Now()
			records[i].EndTime = time.Now()
		}()
	}
	wg.Wait()
	return records
}

// traceHopsChannel is the channel fix: goroutines send their records and
// only the caller touches the slice.
func traceHopsChannel(ctx context.Context, hops []string) []LinkRecord {
	out := make(chan LinkRecord)
	for _, hop := range hops {
		go func() {
			_, span := tracer.Start(ctx, hop)
			defer span.End()
			out <- LinkRecord{Hop: hop, StartTime: time.Now(), EndTime: time.Now()}
		}()
	}
	records := make([]LinkRecord, 0, len(hops))
	for range hops {
		records = append(records, <-out)
	}
	return records
}
