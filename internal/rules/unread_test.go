package rules

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/nclint/nclint/internal/driver"
)

// TestUnreadableFixtureNotices checks that every rule skipped because of
// an unreadable file says so: a notice naming the rule, what was not
// evaluated, and the file.
func TestUnreadableFixtureNotices(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "rules", "unreadable")
	res, err := driver.Run([]string{dir}, driver.Options{Rules: All(), LookupRule: LookupID, Now: fixtureNow, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	const d = "force-app/main/default/"
	want := []string{
		"NC102 " + d + "externalCredentials/Ledger_EC.externalCredential-meta.xml: NC102 grant-unknown-principal not evaluated for the grant of Ledger_EC-Ledger Service in permission set Ledger_Users: this file could not be read and may change the result",
		"NC904 " + d + "namedCredentials/Billing_API.namedCredential-meta.xml: NC904 unused-external-credential not evaluated for external credential Billing_EC: this file could not be read and may change the result",
		"NC104 " + d + "permissionsets/Audit_Users/Audit_Users.permissionset-meta.xml: NC104 user-external-credential-access not evaluated for the grant of Audit_EC-Audit Service in permission set Audit_Users: this file could not be read and may change the result",
		"NC101 " + d + "permissionsets/Ops_Callouts.permissionset-meta.xml: NC101 principal-not-granted not evaluated for external credential Ops_EC: this file could not be read and may change the result",
	}
	var got []string
	for _, n := range res.Tree.Notices {
		if n.Rule != "" {
			if !n.Warning {
				t.Errorf("skip notice %q is not a warning", n.Message)
			}
			got = append(got, n.Rule+" "+n.File+": "+n.Message)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("skip notices:\n%q\nwant\n%q", got, want)
	}
}
