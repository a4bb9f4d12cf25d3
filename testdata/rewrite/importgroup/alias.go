package importgroup

import "context"

// Ctx lets work.go take a context without importing the context package.
type Ctx = context.Context
