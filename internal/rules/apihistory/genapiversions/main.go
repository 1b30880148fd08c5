// Command genapiversions renders the Metadata API history
// (docs/metadata-api-history.md) as the Go table of rule NC505:
//
//	go run ./apihistory/genapiversions -in ../../docs/metadata-api-history.md -out api_versions.go
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/nclint/nclint/internal/rules/apihistory"
)

func main() {
	in := flag.String("in", "", "the history (Markdown)")
	out := flag.String("out", "", "the Go file to write")
	source := flag.String("source", "docs/metadata-api-history.md", "the history's name in the generated header")
	flag.Parse()
	if err := run(*in, *out, *source); err != nil {
		fmt.Fprintln(os.Stderr, "genapiversions:", err)
		os.Exit(1)
	}
}

func run(in, out, source string) error {
	if in == "" || out == "" {
		return fmt.Errorf("-in and -out are required")
	}
	md, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	h, err := apihistory.Parse(md)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	src, err := apihistory.Render(h, "rules", source)
	if err != nil {
		return err
	}
	return os.WriteFile(out, src, 0o644)
}
