package parse

import (
	"strings"
	"sync/atomic"
	"testing"
)

// An overlay (an editor's unsaved document) is parsed instead of the file
// on disk; files the overlay does not hold are read from disk.
func TestOverlay(t *testing.T) {
	const dir = "force-app/main/default/namedCredentials/"
	p := writeProject(t, map[string]string{
		dir + "Billing.namedCredential-meta.xml":     ncSecured,
		dir + "LAYER7_CERT.namedCredential-meta.xml": ncLegacy,
	})
	var billing string
	for _, f := range p.Files {
		if strings.HasSuffix(f.Path, "Billing.namedCredential-meta.xml") {
			billing = f.Abs
		}
	}
	edited := strings.Replace(ncSecured, "<label>Billing &amp; Invoicing</label>", "<label>Edited</label>", 1)
	var asked atomic.Int32 // the overlay is called from the parse workers
	tr := Tree(p, Options{Overlay: func(abs string) ([]byte, bool) {
		asked.Add(1)
		if abs == billing {
			return []byte(edited), true
		}
		return nil, false
	}})
	if n := asked.Load(); n != 2 {
		t.Errorf("overlay asked for %d files, want 2", n)
	}
	if len(tr.NamedCredentials) != 2 {
		t.Fatalf("got %d named credentials", len(tr.NamedCredentials))
	}
	checkText(t, "overlaid label", tr.NamedCredentials[0].Label, "Edited")
	checkText(t, "label from disk", tr.NamedCredentials[1].Label, "LAYER7_CERT")

	// Unsaved content that is not well-formed is a problem of that file.
	tr = Tree(p, Options{Overlay: func(abs string) ([]byte, bool) {
		return []byte(ncSecured[:200]), abs == billing
	}})
	if len(tr.Problems) != 1 || !strings.Contains(tr.Problems[0].Message, "not well-formed") ||
		!strings.HasSuffix(tr.Problems[0].Span.File, "Billing.namedCredential-meta.xml") {
		t.Errorf("problems = %+v, want one not-well-formed problem in Billing", tr.Problems)
	}
}
