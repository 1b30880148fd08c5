package parse

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/apex"
	"github.com/nclint/nclint/internal/model"
)

func (r *reader) namedCredential(data []byte) *model.NamedCredential {
	root := r.parseXML(data, string(model.KindNamedCredential))
	nc := &model.NamedCredential{Meta: r.meta()}
	if root == nil {
		return nc
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&nc.Label, r.text(c))
		case "namedCredentialType":
			setOnce(&nc.Type, r.text(c))
		case "calloutStatus":
			setOnce(&nc.CalloutStatus, r.text(c))
		case "generateAuthorizationHeader":
			setOnce(&nc.GenerateAuthorizationHeader, r.text(c))
		case "allowMergeFieldsInHeader":
			setOnce(&nc.AllowMergeFieldsInHeader, r.text(c))
		case "allowMergeFieldsInBody":
			setOnce(&nc.AllowMergeFieldsInBody, r.text(c))
		case "namedCredentialParameters":
			nc.Parameters = append(nc.Parameters, r.ncParameter(c))
		case "endpoint":
			setOnce(&nc.Endpoint, r.text(c))
		case "protocol":
			setOnce(&nc.Protocol, r.text(c))
		case "principalType":
			setOnce(&nc.PrincipalType, r.text(c))
		case "certificate":
			setOnce(&nc.Certificate, r.text(c))
		case "jwtSigningCertificate":
			setOnce(&nc.JwtSigningCertificate, r.text(c))
		case "authProvider":
			setOnce(&nc.AuthProvider, r.text(c))
		case "outboundNetworkConnection":
			setOnce(&nc.OutboundNetworkConnection, r.text(c))
		case "username":
			setOnce(&nc.Username, r.text(c))
		case "password":
			setOnce(&nc.Password, r.text(c))
		case "oauthToken":
			setOnce(&nc.OAuthToken, r.text(c))
		case "oauthRefreshToken":
			setOnce(&nc.OAuthRefreshToken, r.text(c))
		case "oauthScope":
			setOnce(&nc.OAuthScope, r.text(c))
		case "awsAccessKey":
			setOnce(&nc.AwsAccessKey, r.text(c))
		case "awsAccessSecret":
			setOnce(&nc.AwsAccessSecret, r.text(c))
		case "awsRegion":
			setOnce(&nc.AwsRegion, r.text(c))
		case "awsService":
			setOnce(&nc.AwsService, r.text(c))
		case "authTokenEndpointUrl":
			setOnce(&nc.AuthTokenEndpointURL, r.text(c))
		case "jwtIssuer":
			setOnce(&nc.JwtIssuer, r.text(c))
		case "jwtAudience":
			setOnce(&nc.JwtAudience, r.text(c))
		case "jwtTextSubject":
			setOnce(&nc.JwtTextSubject, r.text(c))
		case "jwtFormulaSubject":
			setOnce(&nc.JwtFormulaSubject, r.text(c))
		case "jwtValidityPeriodSeconds":
			setOnce(&nc.JwtValidityPeriodSeconds, r.text(c))
		}
	})
	r.require(root, nc.Label, "label", r.what())
	nc.Elements = r.outline(root)
	return nc
}

func (r *reader) ncParameter(e *etree.Element) model.NamedCredentialParameter {
	p := model.NamedCredentialParameter{Span: r.doc.Span(e)}
	children(e, func(c *etree.Element) {
		switch c.Tag {
		case "parameterName":
			setOnce(&p.Name, r.text(c))
		case "parameterType":
			setOnce(&p.Type, r.text(c))
		case "parameterValue":
			setOnce(&p.Value, r.text(c))
		case "externalCredential":
			setOnce(&p.ExternalCredential, r.text(c))
		case "certificate":
			setOnce(&p.Certificate, r.text(c))
		case "outboundNetworkConnection":
			setOnce(&p.OutboundNetworkConnection, r.text(c))
		case "sequenceNumber":
			setOnce(&p.SequenceNumber, r.text(c))
		case "description":
			setOnce(&p.Description, r.text(c))
		}
	})
	what := entry("namedCredentialParameters", p.Name)
	r.require(e, p.Name, "parameterName", what)
	r.require(e, p.Type, "parameterType", what)
	return p
}

func (r *reader) externalCredential(data []byte) *model.ExternalCredential {
	root := r.parseXML(data, string(model.KindExternalCredential))
	ec := &model.ExternalCredential{Meta: r.meta()}
	if root == nil {
		return ec
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&ec.Label, r.text(c))
		case "authenticationProtocol":
			setOnce(&ec.AuthenticationProtocol, r.text(c))
		case "externalCredentialParameters":
			ec.Parameters = append(ec.Parameters, r.ecParameter(c))
		}
	})
	r.require(root, ec.Label, "label", r.what())
	r.require(root, ec.AuthenticationProtocol, "authenticationProtocol", r.what())
	ec.Elements = r.outline(root)
	return ec
}

func (r *reader) ecParameter(e *etree.Element) model.ExternalCredentialParameter {
	p := model.ExternalCredentialParameter{Span: r.doc.Span(e)}
	children(e, func(c *etree.Element) {
		switch c.Tag {
		case "parameterName":
			setOnce(&p.Name, r.text(c))
		case "parameterType":
			setOnce(&p.Type, r.text(c))
		case "parameterValue":
			setOnce(&p.Value, r.text(c))
		case "parameterGroup":
			setOnce(&p.Group, r.text(c))
		case "authProvider":
			setOnce(&p.AuthProvider, r.text(c))
		case "externalAuthIdentityProvider":
			setOnce(&p.ExternalAuthIdentityProvider, r.text(c))
		case "certificate":
			setOnce(&p.Certificate, r.text(c))
		case "principal":
			setOnce(&p.Principal, r.text(c))
		case "sequenceNumber":
			setOnce(&p.SequenceNumber, r.text(c))
		}
	})
	what := entry("externalCredentialParameters", p.Name)
	r.require(e, p.Name, "parameterName", what)
	r.require(e, p.Type, "parameterType", what)
	return p
}

func (r *reader) permissionSetGroup(data []byte) *model.PermissionSetGroup {
	root := r.parseXML(data, string(model.KindPermissionSetGroup))
	g := &model.PermissionSetGroup{Meta: r.meta()}
	if root == nil {
		return g
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&g.Label, r.text(c))
		case "status":
			setOnce(&g.Status, r.text(c))
		case "hasActivationRequired":
			setOnce(&g.HasActivationRequired, r.text(c))
		case "permissionSets":
			g.PermissionSets = append(g.PermissionSets, r.text(c))
		case "mutingPermissionSets":
			g.MutingPermissionSets = append(g.MutingPermissionSets, r.text(c))
		}
	})
	r.require(root, g.Label, "label", r.what())
	return g
}

// profile reads a Profile. Profiles are often megabytes of field
// permissions, so one that mentions neither principal accesses nor the
// UserExternalCredential object is not parsed at all.
func (r *reader) profile(data []byte) *model.Profile {
	if !bytes.Contains(data, []byte("externalCredentialPrincipalAccesses")) &&
		!bytes.Contains(data, []byte("UserExternalCredential")) {
		return &model.Profile{Meta: r.meta()}
	}
	root := r.parseXML(data, string(model.KindProfile))
	pr := &model.Profile{Meta: r.meta()}
	if root == nil {
		return pr
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "userLicense":
			setOnce(&pr.UserLicense, r.text(c))
		case "externalCredentialPrincipalAccesses":
			pr.PrincipalAccesses = append(pr.PrincipalAccesses, r.principalAccess(c, c))
		case "objectPermissions":
			if op := r.objectPermission(c); op.Object.Is("UserExternalCredential") {
				pr.ObjectPermissions = append(pr.ObjectPermissions, op)
			}
		}
	})
	return pr
}

// principalAccess reads an externalCredentialPrincipalAccesses element, or
// the root of a decomposed ExternalCredentialPrincipalAccess file; fields
// are the element holding enabled and externalCredentialPrincipal.
func (r *reader) principalAccess(e, fields *etree.Element) model.PrincipalAccess {
	a := model.PrincipalAccess{Span: r.doc.Span(e)}
	children(fields, func(c *etree.Element) {
		switch c.Tag {
		case "enabled":
			setOnce(&a.Enabled, r.text(c))
		case "externalCredentialPrincipal":
			setOnce(&a.Principal, r.text(c))
		}
	})
	if r.file.Kind != model.KindProfile {
		r.require(e, a.Principal, "externalCredentialPrincipal", "<"+qname(e)+"> entry")
	}
	return a
}

func (r *reader) objectPermission(e *etree.Element) model.ObjectPermission {
	op := model.ObjectPermission{Span: r.doc.Span(e)}
	children(e, func(c *etree.Element) {
		switch c.Tag {
		case "object":
			setOnce(&op.Object, r.text(c))
		case "allowRead":
			setOnce(&op.AllowRead, r.text(c))
		case "allowCreate":
			setOnce(&op.AllowCreate, r.text(c))
		case "allowEdit":
			setOnce(&op.AllowEdit, r.text(c))
		case "allowDelete":
			setOnce(&op.AllowDelete, r.text(c))
		case "viewAllRecords":
			setOnce(&op.ViewAllRecords, r.text(c))
		case "modifyAllRecords":
			setOnce(&op.ModifyAllRecords, r.text(c))
		}
	})
	return op
}

func (r *reader) externalService(data []byte) *model.ExternalServiceRegistration {
	root := r.parseXML(data, string(model.KindExternalServiceRegistration))
	s := &model.ExternalServiceRegistration{Meta: r.meta()}
	if root == nil {
		return s
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&s.Label, r.text(c))
		case "status":
			setOnce(&s.Status, r.text(c))
		case "namedCredential":
			setOnce(&s.NamedCredential, r.text(c))
		case "namedCredentialReference":
			setOnce(&s.NamedCredentialReference, r.text(c))
		}
	})
	s.Elements = r.outline(root)
	return s
}

// dataSource reads an ExternalDataSource. The ".dataSource-meta.xml"
// suffix is shared with Data Cloud's DataSource type (folder
// mktDataSources/, root <DataSource>), which is unrelated to callouts: such
// a file yields nil and no problem, whatever folder it sits in.
func (r *reader) dataSource(data []byte) *model.ExternalDataSource {
	root := r.parseXML(data, string(model.KindExternalDataSource), "DataSource")
	if root != nil && root.Tag == "DataSource" {
		return nil
	}
	ds := &model.ExternalDataSource{Meta: r.meta()}
	if root == nil {
		return ds
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&ds.Label, r.text(c))
		case "type":
			setOnce(&ds.Type, r.text(c))
		case "endpoint":
			setOnce(&ds.Endpoint, r.text(c))
		case "namedCredential":
			setOnce(&ds.NamedCredential, r.text(c))
		case "certificate":
			setOnce(&ds.Certificate, r.text(c))
		case "authProvider":
			setOnce(&ds.AuthProvider, r.text(c))
		case "principalType":
			setOnce(&ds.PrincipalType, r.text(c))
		case "protocol":
			setOnce(&ds.Protocol, r.text(c))
		case "username":
			setOnce(&ds.Username, r.text(c))
		case "password":
			setOnce(&ds.Password, r.text(c))
		case "oauthToken":
			setOnce(&ds.OAuthToken, r.text(c))
		case "oauthRefreshToken":
			setOnce(&ds.OAuthRefreshToken, r.text(c))
		case "oauthScope":
			setOnce(&ds.OAuthScope, r.text(c))
		case "awsAccessSecret":
			setOnce(&ds.AwsAccessSecret, r.text(c))
		}
	})
	ds.Elements = r.outline(root)
	return ds
}

// component reads an AuthProvider, ExternalAuthIdentityProvider or
// OutboundNetworkConnection. An AuthProvider has no <label>; its
// <friendlyName> (the Setup "Name") is used as Label instead.
func (r *reader) component(data []byte) *model.Component {
	root := r.parseXML(data, string(r.file.Kind))
	c := &model.Component{Meta: r.meta()}
	if root == nil {
		return c
	}
	var friendly model.Text
	children(root, func(e *etree.Element) {
		switch e.Tag {
		case "label":
			setOnce(&c.Label, r.text(e))
		case "friendlyName":
			setOnce(&friendly, r.text(e))
		}
	})
	if !c.Label.Present() && r.file.Kind == model.KindAuthProvider {
		c.Label = friendly
	}
	c.Elements = r.outline(root)
	return c
}

// flow reads a Flow. A flow without <actionCalls> cannot make a callout,
// so it is kept with Meta only and not parsed.
func (r *reader) flow(data []byte) *model.Flow {
	if !bytes.Contains(data, []byte("<actionCalls")) {
		return &model.Flow{Meta: r.meta()}
	}
	root := r.parseXML(data, string(model.KindFlow))
	fl := &model.Flow{Meta: r.meta()}
	if root == nil {
		return fl
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "label":
			setOnce(&fl.Label, r.text(c))
		case "processType":
			setOnce(&fl.ProcessType, r.text(c))
		case "apiVersion":
			setOnce(&fl.APIVersion, r.text(c))
		case "start":
			children(c, func(s *etree.Element) {
				switch s.Tag {
				case "triggerType":
					setOnce(&fl.TriggerType, r.text(s))
				case "object":
					setOnce(&fl.TriggerObject, r.text(s))
				}
			})
		case "actionCalls":
			a := model.FlowAction{Span: r.doc.Span(c)}
			children(c, func(s *etree.Element) {
				switch s.Tag {
				case "name":
					setOnce(&a.Name, r.text(s))
				case "actionType":
					setOnce(&a.ActionType, r.text(s))
				case "actionName":
					setOnce(&a.ActionName, r.text(s))
				}
			})
			fl.ActionCalls = append(fl.ActionCalls, a)
		}
	})
	return fl
}

// subscriberConfig reads a PlatformEventSubscriberConfig: the trigger it
// configures and the user it runs as.
func (r *reader) subscriberConfig(data []byte) *model.PlatformEventSubscriberConfig {
	root := r.parseXML(data, string(model.KindPlatformEventSubscriberConfig))
	c := &model.PlatformEventSubscriberConfig{Meta: r.meta()}
	if root == nil {
		return c
	}
	children(root, func(e *etree.Element) {
		switch e.Tag {
		case "masterLabel":
			setOnce(&c.MasterLabel, r.text(e))
		case "platformEventConsumer":
			setOnce(&c.PlatformEventConsumer, r.text(e))
		case "user":
			setOnce(&c.User, r.text(e))
		case "batchSize":
			setOnce(&c.BatchSize, r.text(e))
		}
	})
	return c
}

// apex hands an Apex class or trigger to the Apex scanner.
func (r *reader) apex(data []byte) *model.ApexSource {
	meta := r.meta()
	src, problems := apex.Parse(meta, data)
	if src == nil {
		src = &model.ApexSource{Meta: meta}
	}
	r.res.problems = append(r.res.problems, problems...)
	return src
}

// isApexSource reports whether path is an Apex source file rather than its
// -meta.xml companion.
func isApexSource(path string) bool {
	return strings.HasSuffix(path, ".cls") || strings.HasSuffix(path, ".trigger")
}

// setOnce stores v in *t unless t is already set: when an element is
// (wrongly) repeated, the first one counts.
func setOnce(t *model.Text, v model.Text) {
	if !t.Present() {
		*t = v
	}
}

// entry names one repeated element for a message, with its parameterName
// when it has one: `<namedCredentialParameters> entry "Url"`.
func entry(tag string, name model.Text) string {
	if name.Value != "" {
		return fmt.Sprintf("<%s> entry %q", tag, name.Value)
	}
	return fmt.Sprintf("<%s> entry", tag)
}

// identityProviderSettings reads settings/IdentityProvider.settings-meta.xml.
func (r *reader) identityProviderSettings(data []byte) *model.IdentityProviderSettings {
	root := r.parseXML(data, "IdentityProviderSettings")
	s := &model.IdentityProviderSettings{Meta: r.meta()}
	if root == nil {
		return s
	}
	children(root, func(c *etree.Element) {
		switch c.Tag {
		case "certificateName":
			setOnce(&s.CertificateName, r.text(c))
		case "enableIdentityProvider":
			setOnce(&s.EnableIdentityProvider, r.text(c))
		}
	})
	return s
}

// samlSsoConfig reads a SamlSsoConfig.
func (r *reader) samlSsoConfig(data []byte) *model.SamlSsoConfig {
	root := r.parseXML(data, string(model.KindSamlSsoConfig))
	c := &model.SamlSsoConfig{Meta: r.meta()}
	if root == nil {
		return c
	}
	children(root, func(e *etree.Element) {
		switch e.Tag {
		case "name":
			setOnce(&c.SetupName, r.text(e))
		case "decryptionCertificate":
			setOnce(&c.DecryptionCertificate, r.text(e))
		case "requestSigningCertId":
			setOnce(&c.RequestSigningCertID, r.text(e))
		}
	})
	return c
}

// maxOutline is the most outline entries kept per file. The outline stays
// in the model for the whole run (about 130 bytes an entry), so without a
// cap a few dense files of a few MB each would hold gigabytes; real
// credential files have fewer than a hundred elements.
const maxOutline = 10_000

// outline lists the elements of root two levels down, in file order, with
// the text of those that have no child elements (model.Element). It keeps
// the first maxOutline and says so in a warning notice when there are more.
func (r *reader) outline(root *etree.Element) []model.Element {
	var out []model.Element
	more := false
	add := func(path string, e *etree.Element) {
		if len(out) == maxOutline {
			more = true
			return
		}
		out = append(out, r.outlineEntry(path, e))
	}
	children(root, func(c *etree.Element) {
		add(c.Tag, c)
		children(c, func(g *etree.Element) {
			if !more {
				add(c.Tag+"/"+g.Tag, g)
			}
		})
	})
	if more {
		r.res.notices = append(r.res.notices, model.Notice{File: r.file.Path, Warning: true,
			Message: fmt.Sprintf("only the first %d elements are checked against the API version: the file has more "+
				"(real metadata has far fewer), and keeping them all would hold too much memory", maxOutline)})
	}
	return out
}

func (r *reader) outlineEntry(path string, e *etree.Element) model.Element {
	el := model.Element{Path: path, Span: r.doc.Span(e)}
	if len(e.ChildElements()) == 0 {
		el.Value = strings.TrimSpace(e.Text())
	}
	return el
}
