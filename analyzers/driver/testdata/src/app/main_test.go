package main

import "testing"

// The test file makes go list load a test variant of the package, which
// analyzes main.go a second time.
func TestSum(t *testing.T) {
	if sum([]int{1}) != 1 {
		t.Fatal("sum")
	}
}
