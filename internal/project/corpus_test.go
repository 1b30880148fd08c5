package project

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

// corpusDir is the real-world corpus shared by the nclint developers; the
// tests using it are skipped where it is absent. NCLINT_CORPUS overrides it.
func corpusDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("NCLINT_CORPUS")
	if dir == "" {
		dir = "/work/shared/corpus"
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return dir
}

// TestCorpus discovers each corpus project and checks the number of files
// of each kind (expectations derived by listing the files by suffix) and
// the notices for package directories that were not copied.
func TestCorpus(t *testing.T) {
	corpus := corpusDir(t)
	const (
		nc   = model.KindNamedCredential
		ec   = model.KindExternalCredential
		ps   = model.KindPermissionSet
		psg  = model.KindPermissionSetGroup
		mps  = model.KindMutingPermissionSet
		esr  = model.KindExternalServiceRegistration
		ap   = model.KindAuthProvider
		ds   = model.KindExternalDataSource
		cert = model.KindCertificate
	)
	cases := []struct {
		dir       string
		namespace string
		counts    map[model.Kind]int
		content   int // RoleContent files (.crt)
		notices   []string
	}{
		{"EasyLegalGroup+dfj-salesforce", "", map[model.Kind]int{nc: 53, ps: 160, psg: 1}, 0,
			[]string{"feature-customer-portal/salesforce"}},
		// dataSources sit in mktDataSources/: the suffix counts in any folder.
		{"WesleiOliveira+salesforce-hospcom", "", map[model.Kind]int{ap: 9, cert: 8, ds: 7, ec: 5, esr: 59, nc: 31, ps: 152, psg: 5}, 4, nil},
		{"db-lyon+sf-cli-issue-2375", "", map[model.Kind]int{nc: 1, ec: 1, ps: 1, esr: 1}, 0, nil},
		{"imTachu+sfdx-cli-external-credentials-issue-example", "", map[model.Kind]int{nc: 1, ec: 1, ps: 1}, 0, nil},
		{"jeremylee01+Copado-Demo-3-UK", "", map[model.Kind]int{ap: 3, nc: 6, ps: 39, psg: 8}, 0, nil},
		{"rishabhhh31+Salesforce-Main", "", map[model.Kind]int{ap: 3, ec: 4, nc: 5, ps: 2}, 0, nil},
		// 365 .permissionset-meta.xml plus one mdapi-named .permissionset in permissionsets/.
		{"sarath16581+AP-Backup", "", map[model.Kind]int{ap: 10, ds: 2, ec: 2, mps: 2, nc: 14, ps: 366, psg: 26}, 0,
			[]string{"src/frameworks/enterprise"}},
		{"uday-sertifihub+named-credentials-demo/Salesforce/Named Credentials App", "daypack01", map[model.Kind]int{nc: 1, ec: 1, ps: 1}, 0, nil},
	}
	for _, c := range cases {
		t.Run(strings.SplitN(c.dir, "/", 2)[0], func(t *testing.T) {
			root := filepath.Join(corpus, filepath.FromSlash(c.dir))
			p, err := Discover(root, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if p.Root != root || p.Settings.ProjectFile != ProjectFileName || p.Settings.Namespace != c.namespace {
				t.Errorf("Root = %s, Settings = %+v", p.Root, p.Settings)
			}
			got := make(map[model.Kind]int)
			content := 0
			for _, f := range p.Files {
				got[f.Kind]++
				if f.Role == RoleContent {
					content++
				}
				if f.Role == RoleFragment {
					t.Errorf("unexpected fragment %s", f.Path)
				}
				if f.Namespace != c.namespace || f.PackageDir != "force-app" {
					t.Errorf("%s: Namespace %q, PackageDir %q", f.Path, f.Namespace, f.PackageDir)
				}
			}
			if !maps.Equal(got, c.counts) || content != c.content {
				t.Errorf("counts = %v (content %d), want %v (content %d)", got, content, c.counts, c.content)
			}
			if files := noticeFiles(p); !slices.Equal(files, c.notices) {
				t.Errorf("notices = %+v, want files %q", p.Notices, c.notices)
			}
			if len(p.Problems) != 0 {
				t.Errorf("problems = %+v", p.Problems)
			}
		})
	}
}

// TestCorpusNestedProject runs on the repository root of the project whose
// sfdx-project.json sits two folders down: without a project file above,
// the tree is one Metadata API folder and a notice points at the project.
func TestCorpusNestedProject(t *testing.T) {
	root := filepath.Join(corpusDir(t), "uday-sertifihub+named-credentials-demo")
	p, err := Discover(root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Settings.ProjectFile != "" || len(p.Files) != 3 {
		t.Errorf("Settings = %+v, files = %q", p.Settings, rows(p.Files))
	}
	want := "Salesforce/Named Credentials App/" + ProjectFileName
	if len(p.Notices) != 1 || p.Notices[0].File != want {
		t.Errorf("notices = %+v, want one on %s", p.Notices, want)
	}
}
