// Command nclint lints the credential metadata of a Salesforce SFDX project:
// named credentials, external credentials, permission sets, certificates and
// the Apex, flows and external services that call out through them. It
// reports what will fail after deploy (callouts refused for want of a granted
// or authorized principal, SSL handshake errors) as text for terminals or
// SARIF for GitHub code scanning.
//
// Usage:
//
//	nclint [flags] [PATH...]
//	nclint rules
//	nclint explain RULE
//	nclint version
//
// Exit codes: 0 no finding at or above --fail-on; 1 findings at or above
// --fail-on; 2 usage or configuration error; 3 some files could not be read
// (and no finding reached --fail-on); 130 or 143 when stopped by SIGINT or
// SIGTERM (no temporary output file is left behind).
package main

import (
	"os"
)

func main() {
	handleSignals()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
