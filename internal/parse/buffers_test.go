package parse

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nclint/nclint/internal/benchorg"
	"github.com/nclint/nclint/internal/project"
)

// TestReusedBuffersLeaveNoTrace: with read buffers overwritten before each
// reuse, the sample, every rule fixture and a generated org parse to the
// same model as with fresh buffers, so nothing in the model points into a
// file's bytes.
func TestReusedBuffersLeaveNoTrace(t *testing.T) {
	dirs := []string{filepath.Join("..", "..", "testdata", "sfdx-sample")}
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*"))
	dirs = append(dirs, fixtures...)
	org := filepath.Join(t.TempDir(), "org")
	if err := benchorg.Write(org, benchorg.CountsFor(0.02)); err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, org)
	defer func() { poisonReadBuffers = false }()
	n := 0
	for _, dir := range dirs {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			continue
		}
		p, err := project.Discover(dir, project.Options{})
		if err != nil {
			continue // a fixture that is not a project on its own
		}
		poisonReadBuffers = false
		want := Tree(p, Options{Workers: 1})
		poisonReadBuffers = true
		got := Tree(p, Options{Workers: 1})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the model changed when read buffers were overwritten after use", dir)
		}
		n++
	}
	if n < 10 {
		t.Errorf("only %d projects parsed", n)
	}
}
