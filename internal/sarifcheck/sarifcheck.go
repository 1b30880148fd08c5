// Package sarifcheck validates SARIF bytes offline against the vendored
// OASIS SARIF 2.1.0 schema (see sarif-schema-2.1.0.PROVENANCE.md). It is
// used by tests; nclint itself never links it.
package sarifcheck

import (
	"bytes"
	_ "embed"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaID is the $id of the vendored schema.
const SchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

//go:embed sarif-schema-2.1.0.json
var schemaJSON []byte

var (
	once      sync.Once
	schema    *jsonschema.Schema
	schemaErr error
)

// Schema compiles the vendored schema once. The loader is an empty scheme
// map, so nothing is fetched; "uri" and "uri-reference" formats are asserted.
func Schema() (*jsonschema.Schema, error) {
	once.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
		if err != nil {
			schemaErr = fmt.Errorf("read SARIF schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		c.UseLoader(jsonschema.SchemeURLLoader{}) // no file, no network
		c.AssertFormat()
		if err := c.AddResource(SchemaID, doc); err != nil {
			schemaErr = fmt.Errorf("add SARIF schema: %w", err)
			return
		}
		schema, schemaErr = c.Compile(SchemaID)
	})
	return schema, schemaErr
}

// Validate reports whether data is JSON that is valid SARIF 2.1.0.
func Validate(data []byte) error {
	s, err := Schema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := s.Validate(inst); err != nil {
		return fmt.Errorf("not valid SARIF 2.1.0: %w", err)
	}
	return nil
}
