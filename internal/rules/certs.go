package rules

import (
	"strings"
	"time"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/model"
)

// certExpiry returns when c expires: the leaf certificate's NotAfter when
// the .crt holds a certificate, else the meta file's expirationDate.
// source says which ("the .crt" or "<expirationDate>").
func certExpiry(c *model.Certificate) (t time.Time, source string, ok bool) {
	if c.Content.Kind == model.CertPEM && !c.Content.NotAfter.IsZero() {
		return c.Content.NotAfter, "the .crt", true
	}
	v := strings.TrimSpace(c.ExpirationDate.Value)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, "<expirationDate>", true
		}
	}
	return time.Time{}, "", false
}

// certSpan is where expiry findings point: the meta file's expirationDate
// element when present, else its root element.
func certSpan(c *model.Certificate) model.Text {
	if c.ExpirationDate.Present() {
		return c.ExpirationDate
	}
	return model.Text{Span: c.Root}
}

// refsTo returns the references to certificate c, as related locations, and
// the names of the referencing components.
func refsTo(g *graph.Graph, c *model.Certificate) ([]lint.Related, []string) {
	var related []lint.Related
	var names []string
	for _, r := range g.CertificateRefs() {
		if g.Certificate(r.Ref.Value) != c {
			continue
		}
		related = append(related, lint.Related{Span: r.Ref.Span, Message: kindLabel(r.Kind) + " " + r.Name + " uses the certificate"})
		names = appendUnique(names, r.Name)
	}
	return related, names
}

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}
