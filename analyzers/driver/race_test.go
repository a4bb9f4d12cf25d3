//go:build race

package driver_test

// raceEnabled says this test binary has the race detector.
const raceEnabled = true
