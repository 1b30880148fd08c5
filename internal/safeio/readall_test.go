package safeio

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestReadAllSizeHint: the hint sizes the buffer, but a reader with more
// or fewer bytes than the hint is read in full, up to its end.
func TestReadAllSizeHint(t *testing.T) {
	for _, c := range []struct {
		n    int
		hint int64
	}{{0, 0}, {10, 10}, {10, 3}, {10000, 100}, {5, 1000}, {7, -1}} {
		want := strings.Repeat("x", c.n)
		got, err := readAll(io.LimitReader(strings.NewReader(want), 1<<20), c.hint)
		if err != nil || string(got) != want {
			t.Errorf("n %d hint %d: %d bytes, %v", c.n, c.hint, len(got), err)
		}
	}
}

// TestReadAllOneAllocation: a reader of the hinted size costs one buffer.
func TestReadAllOneAllocation(t *testing.T) {
	data := bytes.Repeat([]byte("y"), 100000)
	r := bytes.NewReader(data)
	allocs := testing.AllocsPerRun(10, func() {
		r.Reset(data)
		if _, err := readAll(r, int64(len(data))); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Errorf("%v allocations, want 1", allocs)
	}
}
