package apex

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

// TestResultDoesNotShareSource: Parse does not copy src, but its result
// keeps no string that points into it: overwriting src afterwards changes
// nothing in the result (so src can be freed).
func TestResultDoesNotShareSource(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.cls"))
	if len(files) < 5 {
		t.Fatalf("testdata: %v", files)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		meta := model.Meta{Kind: model.KindApexClass, Name: "X", File: f}
		want, wantProblems := Parse(meta, append([]byte(nil), src...))
		got, gotProblems := Parse(meta, src)
		for i := range src {
			src[i] = 'X'
		}
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotProblems, wantProblems) {
			t.Errorf("%s: the result changed when the source was overwritten", f)
		}
		if len(want.Types)+len(want.Callouts)+len(want.Refs) == 0 {
			t.Errorf("%s: nothing scanned", f)
		}
	}
}
