// Command stdcorpus backs bench/stdcorpus.sh, which checks that ctxtrace's
// tools survive the largest real code at hand.
//
//	stdcorpus rewrite [-goroot DIR] [-internal] [-batch N] [-out DIR] [packages]
//
// runs otelgen's engine (rewrite.Run, which writes nothing) over the
// standard library inside GOROOT/src, and checks every rewritten package:
// each changed file parses and is gofmt-clean, and the package
// type-checks, with and without its in-package tests. A refusal (Run
// returns an error) is counted with its reason; a panic or bad output is
// a failure, and makes the exit status 1.
//
//	stdcorpus lint [-list FILE] NAME.json...
//
// summarises ctxlint -json output: findings per analyzer, analyzer
// errors, and the list of ctxtrace's own findings for review. Exit status
// 1 if an analyzer failed on a package.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var code int
	switch os.Args[1] {
	case "rewrite":
		code = rewriteMain(os.Args[2:])
	case "lint":
		code = lintMain(os.Args[2:])
	default:
		usage()
	}
	os.Exit(code)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: stdcorpus rewrite [-goroot DIR] [-internal] [-batch N] [-out DIR] [packages] | stdcorpus lint [-list FILE] FILE.json...")
	os.Exit(2)
}
