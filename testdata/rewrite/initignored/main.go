// Command initignored checks that //otelgen:ignore on func main keeps
// -init out of it too.
package main

import "fmt"

//otelgen:ignore
func main() {
	fmt.Println("left alone")
}
