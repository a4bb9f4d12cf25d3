// Package runtimecost measures what otelgen's injected code costs at run
// time. The workloads live in the nested module under testdata: plain/ as
// written, ideal/ instrumented by hand, and instrumented/, which is never
// committed but generated from plain/ by otelgen itself, by this package's
// test (which checks the span trees the generated code makes) and by
// bench/runtime.sh (which benchmarks it). bench/README.md has the results.
package runtimecost
