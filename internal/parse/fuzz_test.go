package parse

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// fuzzPaths are the project-relative paths the fuzz target gives its
// input, one per metadata parser (and file layout) this package has. The
// fuzzer picks one with its kind argument.
var fuzzPaths = []string{
	"force-app/main/default/namedCredentials/F.namedCredential-meta.xml",
	"force-app/main/default/externalCredentials/F.externalCredential-meta.xml",
	"force-app/main/default/permissionsets/F.permissionset-meta.xml",
	"force-app/main/default/permissionsets/F/externalCredentialPrincipalAccesses/E-P.externalCredentialPrincipalAccess-meta.xml",
	"force-app/main/default/permissionsets/F/F.objectSettings-meta.xml",
	"force-app/main/default/mutingpermissionsets/F.mutingpermissionset-meta.xml",
	"force-app/main/default/permissionsetgroups/F.permissionsetgroup-meta.xml",
	"force-app/main/default/profiles/F.profile-meta.xml",
	"force-app/main/default/certs/F.crt-meta.xml",
	"force-app/main/default/certs/F.crt", // certificate content: certContent
	"force-app/main/default/externalServiceRegistrations/F.externalServiceRegistration-meta.xml",
	"force-app/main/default/dataSources/F.dataSource-meta.xml",
	"force-app/main/default/authproviders/F.authprovider-meta.xml",
	"force-app/main/default/externalAuthIdentityProviders/F.externalAuthIdentityProvider-meta.xml",
	"force-app/main/default/outboundNetworkConnections/F.outboundNetworkConnection-meta.xml",
	"force-app/main/default/flows/F.flow-meta.xml",
	"force-app/main/default/classes/F.cls",
	"force-app/main/default/triggers/F.trigger",
	"src/namedCredentials/F.namedCredential",
	"force-app/main/default/platformEventSubscriberConfigs/F.platformEventSubscriberConfig-meta.xml",
	"force-app/main/default/settings/IdentityProvider.settings-meta.xml",
	"force-app/main/default/samlssoconfigs/F.samlssoconfig-meta.xml",
}

// fuzzFile returns the project.File for fuzzPaths[kind % len].
func fuzzFile(t testing.TB, kind uint8) project.File {
	t.Helper()
	p := fuzzPaths[int(kind)%len(fuzzPaths)]
	f, ok := project.Classify(p)
	if !ok {
		t.Fatalf("fuzz path %s is not metadata", p)
	}
	return f
}

// fuzzKindOf returns the index in fuzzPaths of the entry with f's kind and
// role (the first one), for seeding.
func fuzzKindOf(t testing.TB, f project.File) (uint8, bool) {
	for i := range fuzzPaths {
		g := fuzzFile(t, uint8(i))
		if g.Kind == f.Kind && g.Role == f.Role {
			return uint8(i), true
		}
	}
	return 0, false
}

// fuzzSeeds returns every metadata file of the repository's testdata
// trees with the fuzzPaths index of its kind.
func fuzzSeeds(t testing.TB) (kinds []uint8, datas [][]byte) {
	t.Helper()
	for _, root := range []string{"../../testdata", "../project/testdata"} {
		err := filepath.WalkDir(root, func(abs string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(root, abs)
			if err != nil {
				return err
			}
			f, ok := project.Classify(filepath.ToSlash(rel))
			if !ok {
				return nil
			}
			k, ok := fuzzKindOf(t, f)
			if !ok {
				return nil
			}
			b, err := os.ReadFile(abs)
			if err != nil {
				return err
			}
			kinds = append(kinds, k)
			datas = append(datas, b)
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", root, err)
		}
	}
	if len(datas) < 100 {
		t.Fatalf("only %d seeds found", len(datas))
	}
	return kinds, datas
}

// hostileMetadataSeeds are broken inputs worth starting from, added for
// every kind.
var hostileMetadataSeeds = []string{
	"",
	"   \n\t",
	"\ufeff",
	"not xml at all",
	xmlDecl + `<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata"><label>x</label>`,
	xmlDecl + `<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>x</lab></PermissionSet>`,
	xmlDecl + `<Flow/><Flow/>`,
	"<<<<<<< HEAD\n<label>a</label>\n=======\n<label>b</label>\n>>>>>>> branch\n",
	`<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><Profile>&x;</Profile>`,
	`<?xml version="1.0" encoding="ISO-8859-1"?><NamedCredential><label>caf` + "\xe9" + `</label></NamedCredential>`,
	"\xff\xfe<\x00a\x00/\x00>\x00",
	"<!-- nclint-ignore NC101 -->\n<ExternalCredential><label>x</label></ExternalCredential>",
	"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
	"-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n",
	"public class A { String s = 'callout:X",
	"trigger T on Account (after insert) { /* ",
	"<NamedCredential>&\xff</NamedCredential>",
	"public class A { String s = '\x01\xff",
}

// FuzzMetadata feeds arbitrary bytes to the parser of each metadata kind
// (the kind argument picks one of fuzzPaths) and checks that parsing is
// deterministic, reports no notices, and that every span anywhere in the
// result (problems, components, suppressions) names the file and lies
// inside the input with ordered, 1-based positions. The parsed component
// then goes through assembly (permission set merging, duplicate
// detection) and sorting.
func FuzzMetadata(f *testing.F) {
	kinds, datas := fuzzSeeds(f)
	for i := range datas {
		f.Add(kinds[i], datas[i])
	}
	for i := range fuzzPaths {
		for _, s := range hostileMetadataSeeds {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		file := fuzzFile(t, kind)
		if file.Role == project.RoleContent {
			checkCertContent(t, data)
			return
		}
		j := job{file: file}
		res := parseData(j, data, DefaultMaxFileSize)
		again := parseData(j, data, DefaultMaxFileSize)
		if !reflect.DeepEqual(res, again) {
			t.Fatalf("two parses of the same bytes differ:\n%+v\n%+v", res, again)
		}
		if len(res.notices) != 0 {
			t.Fatalf("notices from in-memory parsing: %+v", res.notices)
		}
		for _, p := range res.problems {
			if p.Message == "" {
				t.Fatalf("problem without a message at %v", p.Span)
			}
			// Messages reach terminals, SARIF and CI annotations.
			if !utf8.ValidString(p.Message) || strings.ContainsFunc(p.Message, unicode.IsControl) {
				t.Fatalf("problem message is not printable UTF-8: %q", p.Message)
			}
			if p.Span.File != file.Path {
				t.Fatalf("problem %q in file %q, want %q", p.Message, p.Span.File, file.Path)
			}
		}
		checkAllSpans(t, reflect.ValueOf(res), file.Path, data, "result")

		tree := &model.Tree{}
		assemble(tree, []result{res})
		sortTree(tree)
		if tree.FilesScanned > 1 {
			t.Fatalf("one file counted as %d scanned", tree.FilesScanned)
		}
		checkAllSpans(t, reflect.ValueOf(tree), file.Path, data, "tree")
	})
}

// checkCertContent checks the classification of a .crt file's bytes.
func checkCertContent(t *testing.T, data []byte) {
	c := certContent(data)
	switch c.Kind {
	case model.CertPEM:
		if c.Err != "" {
			t.Fatalf("a parsed certificate with an error: %q", c.Err)
		}
		if !bytes.Contains(data, []byte("-----BEGIN CERTIFICATE-----")) {
			t.Fatalf("a certificate found without a CERTIFICATE block in %q", data)
		}
	case model.CertCSR:
		if !bytes.Contains(data, []byte("REQUEST-----")) {
			t.Fatalf("a CSR found without a REQUEST block in %q", data)
		}
	case model.CertUnparseable:
		if c.Err == "" {
			t.Fatal("unparseable content without a reason")
		}
	default:
		t.Fatalf("content kind %q for a .crt that exists", c.Kind)
	}
	if again := certContent(data); !reflect.DeepEqual(c, again) {
		t.Fatalf("two classifications differ: %+v, %+v", c, again)
	}
}

var spanType = reflect.TypeFor[loc.Span]()

// checkAllSpans walks v (structs, pointers, slices, maps, interfaces) and
// checks every loc.Span in it: a span is either zero or names file; a
// known position is 1-based, lies inside data, and the end does not come
// before the start.
func checkAllSpans(t *testing.T, v reflect.Value, file string, data []byte, where string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkAllSpans(t, v.Elem(), file, data, where)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkAllSpans(t, v.Index(i), file, data, where)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			checkAllSpans(t, it.Value(), file, data, where)
		}
	case reflect.Struct:
		if v.Type() == spanType {
			checkOneSpan(t, v.Interface().(loc.Span), file, data, where)
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkAllSpans(t, v.Field(i), file, data, where+"."+v.Type().Field(i).Name)
			}
		}
	}
}

func checkOneSpan(t *testing.T, s loc.Span, file string, data []byte, where string) {
	t.Helper()
	if s == (loc.Span{}) {
		return
	}
	if s.File != file {
		t.Fatalf("%s: span in file %q, want %q", where, s.File, file)
	}
	if !s.Start.IsValid() {
		if s.End != (loc.Pos{}) {
			t.Fatalf("%s: span with an end %+v but no start", where, s.End)
		}
		return
	}
	lines := 1 + bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r"))
	for _, p := range []loc.Pos{s.Start, s.End} {
		if p.Line < 1 || p.Col < 1 || p.Offset < 0 || p.Offset > len(data) || p.Line > lines {
			t.Fatalf("%s: position %+v outside the input (%d bytes, at most %d lines)", where, p, len(data), lines)
		}
	}
	if s.End.Offset < s.Start.Offset || s.End.Line < s.Start.Line ||
		(s.End.Line == s.Start.Line && s.End.Col < s.Start.Col) {
		t.Fatalf("%s: span end %+v before start %+v", where, s.End, s.Start)
	}
}

// TestFuzzPathsClassify keeps fuzzPaths in step with discovery: every
// path is metadata, and every kind discovery knows has a path.
func TestFuzzPathsClassify(t *testing.T) {
	seen := map[model.Kind]bool{}
	for i := range fuzzPaths {
		seen[fuzzFile(t, uint8(i)).Kind] = true
	}
	for _, k := range []model.Kind{
		model.KindNamedCredential, model.KindExternalCredential, model.KindPermissionSet,
		model.KindMutingPermissionSet, model.KindPermissionSetGroup, model.KindProfile,
		model.KindCertificate, model.KindExternalServiceRegistration, model.KindExternalDataSource,
		model.KindAuthProvider, model.KindExternalAuthIdentityProvider, model.KindOutboundNetworkConnection,
		model.KindFlow, model.KindApexClass, model.KindApexTrigger, model.KindPlatformEventSubscriberConfig,
		model.KindIdentityProviderSettings, model.KindSamlSsoConfig,
	} {
		if !seen[k] {
			t.Errorf("no fuzz path for %s", k)
		}
	}
	if f := fuzzFile(t, 3); f.Role != project.RoleFragment || !strings.Contains(f.Path, "/F/") {
		t.Errorf("fuzz path 3 is not a permission set fragment: %+v", f)
	}
}
