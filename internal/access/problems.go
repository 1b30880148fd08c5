package access

import (
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
)

// failingRules are the rules whose findings mean that a callout along a
// path fails although the permission set grants the principal: the
// certificate the named or external credential uses is missing (NC301),
// expired (NC302) or only a signing request (NC304), the grant cannot
// deploy below API 59 (NC101, with grantsBlocked), the OAuth external
// credential lacks its parts (NC506), or a file of the path is not valid
// metadata (NC901). The query takes the lint run's findings rather than
// judging these again, so a path and a finding never disagree.
var failingRules = map[string]bool{"NC101": true, "NC301": true, "NC302": true, "NC304": true, "NC506": true, "NC901": true}

// findingProblems returns the problems the lint findings give the path
// from permission set ps (through group, or nil) to principal p of ec and
// named credential nc: one "RULE rule-name: first sentence" per finding of
// failingRules whose primary location is on a component of the path (the
// named credential, the external credential outside its other principals,
// the permission set, the group, a certificate they use). The primary
// location is the element at fault; related locations also name the
// components merely involved (every named credential using an external
// credential), which would put one principal's problem on another's path.
func (ix *Index) findingProblems(nc *model.NamedCredential, ec *model.ExternalCredential, p *model.ExternalCredentialParameter,
	ps *model.PermissionSet, group *model.PermissionSetGroup, grantEnabled bool) []string {
	if len(ix.opts.Findings) == 0 {
		return nil
	}
	files := map[string]bool{nc.File: true, ps.File: true}
	if group != nil {
		files[group.File] = true
	}
	for _, name := range append(ncCertRefs(nc), ecCertRefs(ec)...) {
		if c := ix.g.Certificate(name); c != nil && name != "" {
			files[c.File] = true
			if c.ContentFile != "" {
				files[c.ContentFile] = true
			}
		}
	}
	var out []string
	for _, f := range ix.opts.Findings {
		if !failingRules[f.RuleID] || f.Suppression != nil && f.Suppression.Kind == "inline" {
			continue
		}
		if f.RuleID == "NC101" && !grantEnabled {
			continue // the path says "grant disabled" already
		}
		on := files[f.Span.File]
		if f.Span.File == ec.File {
			on = !inOtherPrincipal(ec, p, f.Span)
		}
		if on {
			out = append(out, problemText(f))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// inOtherPrincipal reports whether s lies within the parameter of a
// principal of ec other than p.
func inOtherPrincipal(ec *model.ExternalCredential, p *model.ExternalCredentialParameter, s loc.Span) bool {
	for _, q := range ec.Parameters {
		if !q.IsPrincipal() || q.Name.Value == p.Name.Value || q.Span.File != s.File {
			continue
		}
		if !before(s.Start, q.Span.Start) && !before(q.Span.End, s.End) {
			return true
		}
	}
	return false
}

func before(a, b loc.Pos) bool {
	return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
}

// problemText is a finding as a path problem: rule ID and name, then the
// message's first sentence.
func problemText(f lint.Finding) string {
	msg := f.Message
	if i := strings.Index(msg, ". "); i >= 0 {
		msg = msg[:i]
	}
	return f.RuleID + " " + f.RuleName + ": " + strings.TrimSuffix(msg, ".")
}
