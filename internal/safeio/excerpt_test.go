package safeio

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestExcerpt(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"vendor/acme/**", "vendor/acme/**"},
		{"Billing_Service_2024", "Billing_Service_2024"},
		{"token ghp_AbCdEf0123456789AbCdEf0123456789abcd end", "token ghp_AbCd… end"},
		{"Pr0d&Passw0rd2024xyzQ", "Pr0d&Pass…"},
		{"a\x1b[31mb\nc\xff", `a\x1b[31mb\nc\xff`},
		{strings.Repeat("word ", 20), strings.Repeat("word ", 8) + "…"},
		{"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", "MIIE…"},
	} {
		if got := Excerpt(c.in); got != c.want {
			t.Errorf("Excerpt(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestExcerptIsShortAndPrintable(t *testing.T) {
	in := "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	got := Excerpt(in)
	if n := utf8.RuneCountInString(got); n > MaxExcerpt+1 {
		t.Errorf("excerpt has %d characters, want at most %d: %q", n, MaxExcerpt+1, got)
	}
	if strings.Contains(got, "nologin") || strings.ContainsAny(got, "\n\r\x00") {
		t.Errorf("excerpt quotes too much or raw control characters: %q", got)
	}
	if q := Quote(`a"b`); q != `"a\"b"` {
		t.Errorf("Quote = %s", q)
	}
}
