// Package rewrite is otelgen's engine: it loads Go packages with their
// types, injects OpenTelemetry spans and context passing into functions,
// go statements and channel pipelines, and can strip exactly what it
// injected.
package rewrite

// Config says which packages to load and what to inject into them. The
// zero Config injects every kind of span with the embedded templates.
type Config struct {
	// Dir is the directory package patterns are resolved in; "" means the
	// current directory.
	Dir string
	// Env is the environment of the go command that lists packages; nil
	// means os.Environ().
	Env []string
	// BuildFlags are passed to the go command (for example -tags).
	BuildFlags []string
	// NoTests loads the packages without their in-package tests. Injected
	// names then cannot take the tests' declarations into account, which
	// is right only for output that is built without the tests (go build
	// through an overlay), and it spares compiling test dependencies.
	NoTests bool
	// Overlay maps absolute file paths to the content the packages are
	// read with instead of the file's, as go build's -overlay does.
	Overlay map[string][]byte

	// NoFunctions, NoGoroutines and NoPipelines switch off one kind of
	// injection each.
	NoFunctions, NoGoroutines, NoPipelines bool
	// AllSpans gives a span to every function, goroutine and loop item
	// that has a context, not only to those that do work (see spanRule);
	// what would change a program's behaviour stays out all the same.
	AllSpans bool
	// TracerName is the instrumentation scope name given to otel.Tracer;
	// "" means the package's import path.
	TracerName string
	// Init makes package main's func main start by configuring the
	// OpenTelemetry SDK from the OTEL_* environment variables (a deferred
	// call of rewrite/setup.Tracing), unless the package sets a global
	// tracer provider itself.
	Init bool
	// Templates is a directory whose *.tmpl files replace the embedded
	// templates of the same name; "" uses the embedded ones only.
	Templates string

	// Strip removes what an earlier run injected instead of injecting.
	Strip bool
	// Log receives one line per decision a user may want explained (a
	// channel left alone, a function skipped); nil discards them.
	Log func(format string, args ...any)
}

// A Change is a file whose content the run would change: Old is nil for a
// file the run creates (the package's support file), New is nil for one
// it removes.
type Change struct {
	Path     string // absolute path of the file
	Old, New []byte // content before and after
}
