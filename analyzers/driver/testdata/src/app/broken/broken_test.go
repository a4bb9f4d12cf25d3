package broken

import "testing"

// The test variant of the package fails to type-check too, with the
// same error, which must be printed once.
func TestN(t *testing.T) { _ = n }
