// Command gendocs writes docs/rules from the rule definitions.
// Run it with `go generate ./internal/docgen`.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/docgen"
	"github.com/nclint/nclint/internal/rules"
)

func main() {
	out := flag.String("out", "docs/rules", "directory to write the rule pages to")
	flag.Parse()
	if err := write(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := docgen.Files(rules.All())
	// Remove pages of rules that no longer exist.
	old, err := filepath.Glob(filepath.Join(dir, "NC*.md"))
	if err != nil {
		return err
	}
	for _, p := range old {
		if _, keep := files[filepath.Base(p)]; !keep {
			if err := os.Remove(p); err != nil {
				return err
			}
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), files[n], 0o644); err != nil {
			return fmt.Errorf("write %s: %w", n, err)
		}
	}
	fmt.Println("wrote", len(names), "files to", dir+":", strings.Join(names, " "))
	return nil
}
