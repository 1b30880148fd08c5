package parse

import (
	"bytes"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// This file keeps what nclint learns from files it cannot read as
// metadata, so rules never judge from missing evidence:
//   - a file that cannot be opened or read becomes a component with Meta
//     only and Unparsed set (its Notice says why), so references to it do
//     not dangle and rules know its content is unknown;
//   - of a file that does not parse, the words its bytes contain are kept
//     (Meta.Mentions), so a rule can tell whether it may hold a grant;
//   - of a named credential or External Data Source that does not parse,
//     the secret-bearing elements are found by a byte scan, so NC601 still
//     reports a password typed into a broken file;
//   - directories that cannot be listed become model.UnreadArea values.

// maxMentions bounds the distinct words kept for one unparsed file; a file
// with more is taken to mention anything (Mentions nil).
const maxMentions = 1 << 16

// words returns the distinct lower-cased runs of ASCII letters, digits and
// underscores of data, or nil when there are more than maxMentions.
func words(data []byte) *model.WordSet {
	out := make(map[string]bool)
	start := -1
	for i := 0; i <= len(data); i++ {
		word := i < len(data) && isWordByte(data[i])
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out[strings.ToLower(string(data[start:i]))] = true
			start = -1
			if len(out) > maxMentions {
				return nil
			}
		}
	}
	return &model.WordSet{Words: out}
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// unreadComponent returns the Meta-only component for a file of f's kind
// whose content is unknown (it could not be read), or nil for a file that
// is not a component of its own (a certificate's .crt, an Apex
// .cls-meta.xml).
func unreadComponent(f project.File) any {
	if f.Role == project.RoleContent {
		return nil
	}
	r := &reader{file: f, failed: true}
	m := r.meta()
	switch f.Kind {
	case model.KindNamedCredential:
		return &model.NamedCredential{Meta: m}
	case model.KindExternalCredential:
		return &model.ExternalCredential{Meta: m}
	case model.KindPermissionSet, model.KindMutingPermissionSet:
		// permSetPart works out which permission set the file belongs to;
		// its parse of no bytes is thrown away.
		part := (&reader{file: f, res: &result{}}).permSetPart(nil)
		part.ps = model.PermissionSet{Meta: m, Files: []string{f.Path}}
		return part
	case model.KindPermissionSetGroup:
		return &model.PermissionSetGroup{Meta: m}
	case model.KindProfile:
		return &model.Profile{Meta: m}
	case model.KindCertificate:
		return &model.Certificate{Meta: m}
	case model.KindExternalServiceRegistration:
		return &model.ExternalServiceRegistration{Meta: m}
	case model.KindExternalDataSource:
		return &model.ExternalDataSource{Meta: m}
	case model.KindAuthProvider, model.KindExternalAuthIdentityProvider, model.KindOutboundNetworkConnection:
		return &model.Component{Meta: m}
	case model.KindFlow:
		return &model.Flow{Meta: m}
	case model.KindApexClass, model.KindApexTrigger:
		if !isApexSource(f.Path) {
			return nil
		}
		return &model.ApexSource{Meta: m}
	}
	return nil
}

// unreadPaths turns the paths discovery could not read into components
// (a metadata file: a broken symbolic link, a file it could not stat) and
// unread areas (a directory it could not list).
func unreadPaths(paths []string) (comps []any, areas []model.UnreadArea) {
	for _, p := range paths {
		if f, ok := project.Classify(p); ok {
			if c := unreadComponent(f); c != nil {
				comps = append(comps, c)
			}
			continue
		}
		areas = append(areas, model.UnreadArea{Path: p, Kinds: project.FolderKinds(path.Base(p))})
	}
	return comps, areas
}

// secretTags are the elements NC601 reads as secrets, found by scanSecrets
// in files that do not parse.
var secretTags = []string{"password", "oauthToken", "oauthRefreshToken", "awsAccessSecret"}

// scanSecrets finds, without an XML parser, the first <tag>value</tag> of
// each secret element in data (a file that is not well-formed), with the
// value's span. Values are taken as written, with the five predefined
// entities decoded; a value that spans lines or holds "<" is not a value.
func scanSecrets(file string, data []byte) map[string]model.Text {
	out := map[string]model.Text{}
	for _, tag := range secretTags {
		open, closing := []byte("<"+tag+">"), []byte("</"+tag+">")
		for from := 0; from < len(data); {
			i := bytes.Index(data[from:], open)
			if i < 0 {
				break
			}
			start := from + i
			valStart := start + len(open)
			j := bytes.Index(data[valStart:], closing)
			if j < 0 {
				break
			}
			raw := data[valStart : valStart+j]
			from = valStart + j + len(closing)
			if bytes.ContainsAny(raw, "<\n") || !utf8.Valid(raw) {
				continue
			}
			v := strings.TrimSpace(decodeEntities(string(raw)))
			if v == "" {
				continue
			}
			out[tag] = model.Text{Value: v, Span: loc.Span{File: file, Start: posAt(data, start), End: posAt(data, from)}}
			break
		}
	}
	return out
}

// decodeEntities decodes the predefined XML entities; anything else
// (an unescaped "&") stays as written.
var entityReplacer = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'")

func decodeEntities(s string) string { return entityReplacer.Replace(s) }

// posAt is the position of byte offset off in data: 1-based line, and
// column in code points.
func posAt(data []byte, off int) loc.Pos {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	lineStart := bytes.LastIndexByte(data[:off], '\n') + 1
	return loc.Pos{Line: line, Col: 1 + utf8.RuneCount(data[lineStart:off]), Offset: off}
}

// fillScannedSecrets sets the secret elements found by scanSecrets on an
// unparsed named credential or External Data Source.
func fillScannedSecrets(comp any, file string, data []byte) {
	var password, token, refresh, aws *model.Text
	switch c := comp.(type) {
	case *model.NamedCredential:
		if !c.Unparsed {
			return
		}
		password, token, refresh, aws = &c.Password, &c.OAuthToken, &c.OAuthRefreshToken, &c.AwsAccessSecret
	case *model.ExternalDataSource:
		if !c.Unparsed {
			return
		}
		password, token, refresh, aws = &c.Password, &c.OAuthToken, &c.OAuthRefreshToken, &c.AwsAccessSecret
	default:
		return
	}
	found := scanSecrets(file, data)
	*password, *token, *refresh, *aws = found["password"], found["oauthToken"], found["oauthRefreshToken"], found["awsAccessSecret"]
}

// mergedMentions is the Mentions of a permission set merged from parts:
// the union of the words of its unparsed parts, nil when one of them was
// not read at all (or none is unparsed).
func mergedMentions(parts []*permSetPart) *model.WordSet {
	var out map[string]bool
	for _, p := range parts {
		if !p.ps.Unparsed {
			continue
		}
		if p.ps.Mentions == nil {
			return nil
		}
		if out == nil {
			out = make(map[string]bool, len(p.ps.Mentions.Words))
		}
		for w := range p.ps.Mentions.Words {
			out[w] = true
		}
	}
	if out == nil {
		return nil
	}
	return &model.WordSet{Words: out}
}
