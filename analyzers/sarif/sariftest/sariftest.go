// Package sariftest checks SARIF logs against the official SARIF 2.1.0
// JSON schema, for the tests of the sarif package and of the commands
// that write SARIF.
package sariftest

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaFile is the schema's path relative to the repository root; see
// the README.md beside it for its origin.
const SchemaFile = "analyzers/sarif/testdata/sarif-schema-2.1.0.json"

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// Validate reports whether data is a SARIF log that the schema at
// schemaPath accepts, with formats (URIs, URI references) asserted too.
// The error lists every violation with its JSON pointer.
func Validate(schemaPath string, data []byte) error {
	sch, err := schema(schemaPath)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("the log is not JSON: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("the log violates the SARIF 2.1.0 schema: %#v", err)
	}
	return nil
}

func schema(path string) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if sch, ok := compiled[path]; ok {
		return sch, nil
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	sch, err := c.Compile(path)
	if err != nil {
		return nil, fmt.Errorf("compiling the SARIF schema %s: %w", path, err)
	}
	compiled[path] = sch
	return sch, nil
}
