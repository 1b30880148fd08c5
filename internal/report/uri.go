package report

import (
	"path/filepath"
	"strings"
)

const upperHex = "0123456789ABCDEF"

// escapePath percent-encodes a slash-separated path for use as the path of
// a URI reference (RFC 3986 section 3.3). It keeps unreserved characters,
// "/" and the sub-delimiters other than "+" (which some decoders read as a
// space), and encodes every other byte, including "%", spaces, ":" and the
// bytes of non-ASCII UTF-8 characters. Encoding ":" means a relative
// reference can never be mistaken for one with a scheme (RFC 3986 section
// 4.2); keepColon keeps it, for the path of an absolute "file:" URI where
// a Windows drive letter ("/C:/...") must stay readable.
func escapePath(p string, keepColon bool) string {
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); i++ {
		c := p[i]
		if keepInPath(c) || (keepColon && c == ':') {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperHex[c>>4])
		b.WriteByte(upperHex[c&0x0f])
	}
	return b.String()
}

func keepInPath(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	// unreserved marks, "/", sub-delims without "+", and "@".
	return strings.IndexByte("-._~/!$&'()*,;=@", c) >= 0
}

// fileURI turns an absolute file system path into a "file:" URI. When dir
// is true the URI ends with a slash, as SARIF requires of the URIs in
// originalUriBaseIds.
func fileURI(abs string, dir bool) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // Windows: C:/x becomes /C:/x
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return "file://" + escapePath(p, true)
}
