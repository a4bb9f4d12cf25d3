package driver

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
)

// startProfiles starts the CPU profile and execution trace that -cpuprofile
// and -trace ask for; the returned stop ends them and writes -memprofile.
func (r *run) startProfiles() (stop func() error, err error) {
	var stops []func() error
	stopAll := func() error {
		var errs []error
		for i := len(stops) - 1; i >= 0; i-- {
			errs = append(errs, stops[i]())
		}
		return errors.Join(errs...)
	}
	if path := r.opts.cpuProfile; path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, fmt.Errorf("-cpuprofile: %w", err)
		}
		stops = append(stops, func() error { pprof.StopCPUProfile(); return f.Close() })
	}
	if path := r.opts.trace; path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, errors.Join(fmt.Errorf("-trace: %w", err), stopAll())
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			return nil, errors.Join(fmt.Errorf("-trace: %w", err), stopAll())
		}
		stops = append(stops, func() error {
			trace.Stop()
			r.logf("to view the trace, run:\n$ go tool trace view %s", path)
			return f.Close()
		})
	}
	if path := r.opts.memProfile; path != "" {
		stops = append(stops, func() error {
			f, err := os.Create(path)
			if err != nil {
				return fmt.Errorf("-memprofile: %w", err)
			}
			runtime.GC() // up-to-date statistics
			if err := pprof.WriteHeapProfile(f); err != nil {
				f.Close()
				return fmt.Errorf("-memprofile: %w", err)
			}
			return f.Close()
		})
	}
	return stopAll, nil
}
