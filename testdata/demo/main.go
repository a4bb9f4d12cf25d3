// Command demo traces a request across three downstream services. It is
// written the way tracing code often starts out, with the three mistakes
// that ctxlint exists to catch; run "go tool ctxlint ./..." here to see them.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("example.com/demo")

// LinkRecord is one hop of a request through the system.
type LinkRecord struct {
	Service   string
	StartTime time.Time
	EndTime   time.Time
}

// traceRequest calls every service concurrently and records each hop.
func traceRequest(ctx context.Context, services []string) []LinkRecord {
	ctx, span := tracer.Start(ctx, "traceRequest")
	defer span.End()

	var records []LinkRecord
	var wg sync.WaitGroup
	for _, service := range services {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// The goroutine's span starts a new trace instead of joining ctx's.
			_, span := tracer.Start(context.Background(), "call "+service)
			defer span.End()
			// Every goroutine appends to the same slice without a lock.
			records = append(records, LinkRecord{Service: service, StartTime: time.Now()})
		}()
	}
	wg.Wait()
	return records
}

// lookup resolves a user id; its span is never ended when the id is empty.
func lookup(ctx context.Context, id string) (string, error) {
	_, span := tracer.Start(ctx, "lookup")
	if id == "" {
		return "", errors.New("empty id")
	}
	span.End()
	return "user-" + id, nil
}

func main() {
	ctx := context.Background()
	records := traceRequest(ctx, []string{"auth", "orders", "billing"})
	user, err := lookup(ctx, "42")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d hops\n", user, len(records))
}
