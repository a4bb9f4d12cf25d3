package main

import (
	"context"
	"fmt"
	"os/exec"
	"sync"

	"go.opentelemetry.io/otel"
)

var tracer = otel.Tracer("example.com/app")

// run drops its context twice and never ends its span: three findings,
// each with a fix (a replacement and two insertions).
func run(ctx context.Context, name string) error {
	ctx, span := tracer.Start(context.Background(), "run")
	span.AddEvent("exec")
	return check("naïve 🙂", exec.Command(name).Run())
}

func check(label string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", label, err)
	}
	return nil
}

// sum races on total: a finding without a fix.
func sum(ids []int) int {
	total := 0
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			total += id
		})
	}
	wg.Wait()
	return total
}

func main() {
	fmt.Printf("%d\n", "hops")
	_ = run(context.Background(), "true")
	_ = sum([]int{1, 2})
}
