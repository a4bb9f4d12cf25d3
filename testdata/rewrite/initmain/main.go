// Command initmain checks -init: func main of package main starts with a
// deferred call that configures the SDK from the environment and flushes
// it when main returns; the rest is instrumented as usual.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	// The context of the whole run.
	ctx := context.Background()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

func run(ctx context.Context, args []string) error {
	done := make(chan string)
	go func() {
		done <- fmt.Sprint(len(args))
	}()
	fmt.Println(<-done)
	return nil
}
