// Package gonoctx checks that go statements in functions with no context
// in scope are left unchanged: there is no span to parent them to.
package gonoctx

import (
	"fmt"
	"sync"
)

func process(x int) {
	fmt.Println(x)
}

// Spawn processes every x concurrently.
func Spawn(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(x)
		}()
	}
	wg.Wait()
	go process(len(xs))
}
