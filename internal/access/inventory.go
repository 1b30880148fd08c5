package access

import (
	"slices"
	"strings"

	"github.com/nclint/nclint/internal/graph"
	"github.com/nclint/nclint/internal/model"
)

// Row is one named credential of the inventory.
type Row struct {
	Name string `json:"name"`
	URL  string `json:"url"`
	Host string `json:"host"`
	// Type is the namedCredentialType, or "Legacy".
	Type string `json:"type"`
	// ExternalCredential is the external credential of the first
	// Authentication parameter: the one the graph links and that Protocol,
	// Variant, Principals and the external credential's certificates
	// describe.
	ExternalCredential string `json:"externalCredential"`
	// ExternalCredentials are the external credentials of every
	// Authentication parameter, in file order, each once (more than one is
	// NC503: the deploy fails). An inventory must not hide any.
	ExternalCredentials []string `json:"externalCredentials"`
	// Protocol is the external credential's authenticationProtocol (the
	// legacy <protocol> for a legacy named credential).
	Protocol string `json:"protocol"`
	// Variant is the AuthProtocolVariant parameter's value (OAuth flows).
	Variant    string         `json:"variant"`
	Principals []RowPrincipal `json:"principals"`
	// Callers are "Kind Name", sorted.
	Callers      []string  `json:"callers"`
	Certificates []RowCert `json:"certificates"`
	// Namespaces are the AllowedManagedPackageNamespaces values.
	Namespaces    []string `json:"namespacesAllowed"`
	CalloutStatus string   `json:"calloutStatus"`
}

// RowPrincipal is a principal and who is granted it.
type RowPrincipal struct {
	Name string `json:"name"`
	Type string `json:"type"`
	// GrantedBy are the permission sets with an enabled grant, then the
	// groups containing one of them, each sorted by name.
	GrantedBy []Grantor `json:"grantedBy"`
}

// Grantor is a permission set or group through which users hold a grant.
type Grantor struct {
	// Kind is "ps" (permission set) or "psg" (permission set group).
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// String is "Name" for a permission set, "group Name" for a group.
func (g Grantor) String() string {
	if g.Kind == KindGroup {
		return "group " + g.Name
	}
	return g.Name
}

// GrantorNames are the grantors as strings (Grantor.String).
func GrantorNames(gs []Grantor) []string {
	out := make([]string, 0, len(gs))
	for _, g := range gs {
		out = append(out, g.String())
	}
	return out
}

// RowCert is a certificate the named credential or its external credential uses.
type RowCert struct {
	Name string `json:"name"`
	// Expires is the .crt's notAfter date (YYYY-MM-DD), else the
	// expirationDate element's date, else "".
	Expires string `json:"expires"`
	// InTree is false when no certificate of that name is in the tree.
	InTree bool `json:"inTree"`
	// Expired is set when the certificate expired before the reference
	// time (--now); DaysLeft is the number of whole days until it expires
	// (0 when expired or undated).
	Expired  bool `json:"expired"`
	DaysLeft int  `json:"daysLeft"`
	// SigningRequest is set when the .crt holds only a certificate signing
	// request (NC304): the certificate was never signed, so it has no
	// expiry and cannot work until the signed certificate is uploaded.
	SigningRequest bool `json:"signingRequest"`
}

// Inventory returns one row per named credential, sorted by name.
func (ix *Index) Inventory() []Row {
	g := ix.g
	var rows []Row
	for _, nc := range sortedNCs(g) {
		u, host := shownURL(nc)
		r := Row{Name: nc.Name, URL: u, Host: host, Type: nc.Type.Value, CalloutStatus: nc.CalloutStatus.Value,
			ExternalCredentials: []string{}, Principals: []RowPrincipal{}, Callers: []string{}, Certificates: []RowCert{}, Namespaces: []string{}}
		if nc.Unparsed {
			r.Type = "unreadable" // not Legacy: nothing of its content is known
		} else if nc.IsLegacy() {
			r.Type, r.Protocol = "Legacy", nc.Protocol.Value
			if nc.PrincipalType.Value != "" {
				r.Principals = append(r.Principals, RowPrincipal{Name: "principalType", Type: nc.PrincipalType.Value, GrantedBy: []Grantor{}})
			}
		}
		if refs := graph.AuthenticationOf(nc); len(refs) > 0 {
			for _, ref := range refs {
				name := ref.Value
				if ec := g.ExternalCredential(name); ec != nil {
					name = ec.Name
				}
				if !slices.Contains(r.ExternalCredentials, name) {
					r.ExternalCredentials = append(r.ExternalCredentials, name)
				}
			}
			r.ExternalCredential = refs[0].Value
			if ec := g.ExternalCredential(refs[0].Value); ec != nil {
				r.ExternalCredential, r.Protocol = ec.Name, ec.AuthenticationProtocol.Value
				for _, p := range ec.Parameters {
					if p.Type.Is("AuthProtocolVariant") {
						r.Variant = p.Value.Value
					}
				}
				for _, p := range ec.Principals() {
					r.Principals = append(r.Principals, RowPrincipal{Name: ec.Name + "-" + p.Name.Value, Type: p.Type.Value, GrantedBy: ix.grantedBy(ec, p.Name.Value)})
				}
				r.Certificates = append(r.Certificates, ix.certs(ecCertRefs(ec))...)
			}
		}
		r.Certificates = append(ix.certs(ncCertRefs(nc)), r.Certificates...)
		if r.Certificates == nil {
			r.Certificates = []RowCert{} // [] in JSON, not null
		}
		for _, p := range nc.ParametersOfType("AllowedManagedPackageNamespaces") {
			if v := strings.TrimSpace(p.Value.Value); v != "" {
				r.Namespaces = append(r.Namespaces, v)
			}
		}
		for _, i := range ix.byNC[nc.Name] {
			if c := ix.callers[i]; c.NamedCredential == nc.Name {
				s := c.Kind + " " + c.Name
				if c.Via != "" {
					s += " via " + c.Via
				}
				if c.Direct {
					s += " (calls the host directly, bypassing the named credential)"
				}
				r.Callers = append(r.Callers, s)
			}
		}
		slices.Sort(r.Callers)
		r.Callers = slices.Compact(r.Callers)
		rows = append(rows, r)
	}
	return rows
}

// grantedBy lists who holds an enabled, unmuted grant of a principal:
// permission sets, then the groups that pass it on, each sorted.
func (ix *Index) grantedBy(ec *model.ExternalCredential, principal string) []Grantor {
	var sets, groups []string
	for _, i := range ix.byPrincipal[ec.Name+"-"+principal] {
		p := ix.paths[i]
		if p.ExternalCredential != ec.Name || p.Principal != principal || slices.Contains(p.Problems, problemGrantDisabled) {
			continue
		}
		if p.Group == "" {
			sets = append(sets, p.PermissionSet)
		} else {
			groups = append(groups, p.Group)
		}
	}
	slices.Sort(sets)
	slices.Sort(groups)
	out := []Grantor{}
	for _, s := range slices.Compact(sets) {
		out = append(out, Grantor{Kind: KindPermissionSet, Name: s})
	}
	for _, g := range slices.Compact(groups) {
		out = append(out, Grantor{Kind: KindGroup, Name: g})
	}
	return out
}

func ncCertRefs(nc *model.NamedCredential) []string {
	var out []string
	for _, p := range nc.ParametersOfType("ClientCertificate") {
		out = append(out, p.Certificate.Value)
	}
	return append(out, nc.Certificate.Value, nc.JwtSigningCertificate.Value)
}

func ecCertRefs(ec *model.ExternalCredential) []string {
	var out []string
	for _, p := range ec.Parameters {
		if p.Type.Is("SigningCertificate") {
			out = append(out, p.Certificate.Value)
		}
	}
	return out
}

func (ix *Index) certs(names []string) []RowCert {
	var out []RowCert
	for _, n := range names {
		if n == "" {
			continue
		}
		c := RowCert{Name: n}
		if cert := ix.g.Certificate(n); cert != nil {
			c.Name, c.InTree = cert.Name, true
			c.SigningRequest = cert.Content.Kind == model.CertCSR
			if exp, _, ok := cert.Expiry(); ok {
				c.Expires = exp.UTC().Format("2006-01-02")
				if exp.Before(ix.opts.Now) {
					c.Expired = true
				} else {
					c.DaysLeft = int(exp.Sub(ix.opts.Now).Hours() / 24)
				}
			}
		}
		out = append(out, c)
	}
	return out
}
