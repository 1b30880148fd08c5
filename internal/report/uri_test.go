package report

import (
	"net/url"
	"testing"
)

func TestEscapePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"force-app/main/default/classes/A.cls", "force-app/main/default/classes/A.cls"},
		{"Named Credentials App/x.xml", "Named%20Credentials%20App/x.xml"},
		{"profiles/AMLCTF Retail Audit Case R%2FW.profile-meta.xml", "profiles/AMLCTF%20Retail%20Audit%20Case%20R%252FW.profile-meta.xml"},
		{"Zürich/日本.xml", "Z%C3%BCrich/%E6%97%A5%E6%9C%AC.xml"},
		{"a:b/c.xml", "a%3Ab/c.xml"}, // never read as a scheme
		{"q?x#y[1].xml", "q%3Fx%23y%5B1%5D.xml"},
		{`back\slash+plus.xml`, "back%5Cslash%2Bplus.xml"},
		{"Account (Sales) & co=1;@'x'.layout", "Account%20(Sales)%20&%20co=1;@'x'.layout"},
		{"~user_name-1.0", "~user_name-1.0"},
	} {
		got := escapePath(tc.in, false)
		if got != tc.want {
			t.Errorf("escapePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// It must round-trip through a standard decoder.
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Path != tc.in {
			t.Errorf("%q does not decode back to %q: %+v, %v", got, tc.in, u, err)
		}
	}
}

func TestFileURI(t *testing.T) {
	for _, tc := range []struct {
		in   string
		dir  bool
		want string
	}{
		{"/home/dev/my project", true, "file:///home/dev/my%20project/"},
		{"/home/dev/p/", true, "file:///home/dev/p/"},
		{"/tmp/a b.xml", false, "file:///tmp/a%20b.xml"},
		{"/", true, "file:///"},
	} {
		if got := fileURI(tc.in, tc.dir); got != tc.want {
			t.Errorf("fileURI(%q, %v) = %q, want %q", tc.in, tc.dir, got, tc.want)
		}
	}
}

func TestRelPath(t *testing.T) {
	for _, tc := range []struct {
		root, file, want string
		rel              bool
	}{
		{"/r", "a/b.xml", "a/b.xml", true},
		{"/r", "./a//b.xml", "a/b.xml", true},
		{"/r", "/r/a/b.xml", "a/b.xml", true},
		{"/r", "/other/b.xml", "/other/b.xml", false},
		{"/r", "/r/../r2/b.xml", "/r2/b.xml", false},
		{"/r", "/r..x/b.xml", "/r..x/b.xml", false},
		{"", "/abs/b.xml", "/abs/b.xml", false},
	} {
		got, rel := relPath(tc.root, tc.file)
		if got != tc.want || rel != tc.rel {
			t.Errorf("relPath(%q, %q) = %q, %v; want %q, %v", tc.root, tc.file, got, rel, tc.want, tc.rel)
		}
	}
}
