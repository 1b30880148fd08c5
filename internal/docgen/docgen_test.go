package docgen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/rules"
)

// TestDocsUpToDate fails when docs/rules differs from what the rule
// definitions generate. Fix it with `go generate ./internal/docgen`.
func TestDocsUpToDate(t *testing.T) {
	dir := filepath.Join("..", "..", "docs", "rules")
	want := Files(rules.All())
	for name, content := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./internal/docgen)", name, err)
			continue
		}
		if !bytes.Equal(got, content) {
			t.Errorf("docs/rules/%s is out of date; run go generate ./internal/docgen", name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := want[e.Name()]; !ok {
			t.Errorf("docs/rules/%s belongs to no rule; run go generate ./internal/docgen", e.Name())
		}
	}
}

func TestPageCarriesEveryField(t *testing.T) {
	for _, r := range rules.All() {
		page := string(Page(r))
		for _, want := range []string{"# " + r.ID + " " + r.Name, string(r.Level), r.Short, r.Precision} {
			if !strings.Contains(page, want) {
				t.Errorf("%s page lacks %q", r.ID, want)
			}
		}
		if r.SecuritySeverity != "" && !strings.Contains(page, r.SecuritySeverity) {
			t.Errorf("%s page lacks security severity", r.ID)
		}
	}
}
