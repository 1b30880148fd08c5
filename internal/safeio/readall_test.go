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
		got, err := readAll(io.LimitReader(strings.NewReader(want), 1<<20), c.hint, nil)
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
		if _, err := readAll(r, int64(len(data)), nil); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 1 {
		t.Errorf("%v allocations, want 1", allocs)
	}
}

// TestReadAllBuffer: a buffer with room is read into, one without is not.
func TestReadAllBuffer(t *testing.T) {
	buf := make([]byte, 3, 100)
	got, err := readAll(strings.NewReader("hello"), 5, buf)
	if err != nil || string(got) != "hello" || &got[0] != &buf[:1][0] {
		t.Errorf("%q %v: not read into the buffer", got, err)
	}
	small := make([]byte, 0, 5) // no room for the extra byte
	got, err = readAll(strings.NewReader("hello"), 5, small)
	if err != nil || string(got) != "hello" || &got[0] == &small[:1][0] {
		t.Errorf("%q %v: read into a buffer without room", got, err)
	}
}
