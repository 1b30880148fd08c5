package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/nclint/nclint/internal/config"
	"github.com/nclint/nclint/internal/rules"
)

// configKeys are top-level keys that make a YAML example an nclint
// configuration (the others are pre-commit or GitHub Actions files).
var configKeys = map[string]bool{
	"rules": true, "org": true, "namespaces": true, "installed_packages": true, "service_contexts": true,
	"certificates": true, "exclude": true, "ignore": true, "suppressions": true, "policy": true,
}

var yamlBlock = regexp.MustCompile("(?ms)^[ \t]*```ya?ml[ \t]*\n(.*?)^[ \t]*```")

// TestDocumentationYAMLExamples loads every YAML example of README.md and
// docs/: configuration examples must be accepted by the configuration
// parser (so the docs never show a file nclint rejects), the others must
// be well-formed YAML.
func TestDocumentationYAMLExamples(t *testing.T) {
	files := []string{"../../README.md"}
	err := filepath.WalkDir("../../docs", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	configs := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range yamlBlock.FindAllSubmatch(data, -1) {
			src := dedent(string(m[1]))
			name := f + " example " + itoa(i+1)
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
				t.Errorf("%s is not valid YAML: %v\n%s", name, err, src)
				continue
			}
			if !isConfig(&doc) {
				continue
			}
			configs++
			if _, err := config.Parse(name, []byte(src), rules.LookupID); err != nil {
				t.Errorf("%s is rejected by nclint: %v\n%s", name, err, src)
			}
		}
	}
	if configs < 3 {
		t.Errorf("only %d configuration examples found; the pattern is broken", configs)
	}
}

func isConfig(doc *yaml.Node) bool {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	m := doc.Content[0]
	for i := 0; i < len(m.Content); i += 2 {
		if !configKeys[m.Content[i].Value] {
			return false
		}
	}
	return len(m.Content) > 0
}

// dedent removes the indentation common to all non-blank lines (examples
// inside list items are indented).
func dedent(s string) string {
	lines := strings.Split(s, "\n")
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " "))
		if common < 0 || n < common {
			common = n
		}
	}
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			lines[i] = l[common:]
		}
	}
	return strings.Join(lines, "\n")
}

// TestPreCommitHookUsesNewFromRev: the nclint hook lints the project
// against HEAD on every commit (a commit that only deletes a permission
// set passes no file to a hook), so removed grants are reported.
func TestPreCommitHookUsesNewFromRev(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string `yaml:"id"`
		Entry         string `yaml:"entry"`
		PassFilenames *bool  `yaml:"pass_filenames"`
		AlwaysRun     bool   `yaml:"always_run"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	for _, h := range hooks {
		if h.ID != "nclint" {
			continue
		}
		if h.Entry != "nclint --new-from-rev HEAD" || h.PassFilenames == nil || *h.PassFilenames || !h.AlwaysRun {
			t.Errorf("nclint hook %+v: want entry 'nclint --new-from-rev HEAD', pass_filenames false, always_run true", h)
		}
		return
	}
	t.Error("no nclint hook")
}
