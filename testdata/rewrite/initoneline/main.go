// Command initoneline checks -init on a main written on one line, which
// strip must give back on one line, in a file that already uses the name
// setup: the setup package is imported under another name.
package main

import "fmt"

func main() { setup() }

func setup() { fmt.Println("hello") }
