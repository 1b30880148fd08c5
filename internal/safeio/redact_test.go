package safeio

import "testing"

func TestRedact(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"tk_fake_0123456789abcdefghijklmnopqrstuv", `"tk_f…" (40 characters)`},
		{"hunter2hunter", `"hunt…" (13 characters)`},
		{"hunter2", `"hu…" (7 characters)`},
		{"abc", `"a…" (3 characters)`},
		{"ab", `"…" (2 characters)`},
		{"x", `"…" (1 character)`},
		{"pässwörd-ü-0123", `"päss…" (15 characters)`},
		{"ab\ncd\x1b[31m!!", `"ab\nc…" (12 characters)`},
	} {
		if got := Redact(c.in); got != c.want {
			t.Errorf("Redact(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}
