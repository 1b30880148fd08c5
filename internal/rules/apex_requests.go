package rules

import (
	"strconv"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// This file holds what the Apex request rules (NC604, NC605, NC607) share:
// naming the code of a call, finding the named credentials a request is
// sent to, and reading merge fields from literal arguments. Arguments that
// are not string literals are unknown and never make a finding.

// apexCode names the code that makes a call, for messages:
// "Apex OrdersClient.create", "Apex OrdersClient" (outside any method),
// "trigger OrderSync".
func apexCode(src *model.ApexSource, typ, method string) string {
	switch {
	case typ == "" && src.Trigger != nil:
		return "trigger " + src.Trigger.Name
	case typ == "":
		return "Apex " + src.Name
	case method == "":
		return "Apex " + typ
	}
	return "Apex " + typ + "." + method
}

// apexIdentity is the component part of a finding identity for code in
// src: its kind and name, and the enclosing type and method (no lines).
func apexIdentity(src *model.ApexSource, typ, method string) string {
	return string(src.Kind) + ":" + src.Name + "|" + typ + "." + method
}

// endpointCallout returns the "callout:" literal that starts the endpoint
// argument of a setEndpoint call, or nil: the literal must be the
// argument's first operand.
func endpointCallout(src *model.ApexSource, c *model.RequestCall) *model.Callout {
	if c.Name != "setEndpoint" || len(c.Args) != 1 || len(c.Args[0].Parts) == 0 || !c.Args[0].Parts[0].Literal {
		return nil
	}
	span := c.Args[0].Parts[0].Span
	for i := range src.Callouts {
		if src.Callouts[i].Span == span {
			return &src.Callouts[i]
		}
	}
	return nil
}

// requestTarget is a named credential a request is sent to, with the
// setEndpoint call that names it.
type requestTarget struct {
	nc   *model.NamedCredential
	call *model.RequestCall
}

// requestTargets returns the named credentials in the tree that the
// request src.Requests[req] is sent to, through its setEndpoint calls with
// a "callout:Name" literal, each once, in call order.
func requestTargets(g *graph.Graph, src *model.ApexSource, req int) []requestTarget {
	var out []requestTarget
	for i := range src.RequestCalls {
		c := &src.RequestCalls[i]
		if c.Request != req {
			continue
		}
		co := endpointCallout(src, c)
		if co == nil || co.Name == "" {
			continue
		}
		nc := g.ResolveNamedCredential(co.Name, src.Namespace)
		if nc == nil {
			continue
		}
		dup := false
		for _, t := range out {
			dup = dup || t.nc == nc
		}
		if !dup {
			out = append(out, requestTarget{nc: nc, call: c})
		}
	}
	return out
}

// credentialMergeFields returns the merge fields that reference $Credential
// ("{!$Credential.Password}", "{!HTMLENCODE($Credential.X.Y)}") written in
// the literal parts of e, each whole within one run of adjacent literals
// ('{!$Credential.' + 'X.Y}' counts). Parts that are not literals are
// unknown and contribute nothing.
func credentialMergeFields(e model.ApexExpr) []string {
	var out []string
	var runs []string
	var run strings.Builder
	for i, p := range e.Parts {
		if p.Literal {
			run.WriteString(p.Value)
		}
		if (!p.Literal || i == len(e.Parts)-1) && run.Len() > 0 {
			runs = append(runs, run.String())
			run.Reset()
		}
	}
	for _, v := range runs {
		for {
			i := strings.Index(v, "{!")
			if i < 0 {
				break
			}
			j := strings.IndexByte(v[i:], '}')
			if j < 0 {
				break
			}
			field := v[i : i+j+1]
			if strings.Contains(strings.ToLower(field), "$credential.") {
				out = append(out, field)
			}
			v = v[i+j+1:]
		}
	}
	return out
}

// quoteFields writes merge fields for a message: each quoted, at most
// three, then "and N more".
func quoteFields(fields []string) string {
	var qs []string
	for i, f := range fields {
		if i == 3 {
			qs = append(qs, "and "+strconv.Itoa(len(fields)-3)+" more")
			break
		}
		if r := []rune(f); len(r) > 80 {
			f = string(r[:77]) + "..."
		}
		qs = append(qs, strconv.Quote(f))
	}
	return strings.Join(qs, ", ")
}
