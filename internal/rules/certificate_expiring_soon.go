package rules

import (
	"fmt"
	"time"

	"github.com/nclint/nclint/internal/lint"
)

// CertificateExpiringSoon (NC303) reports certificates that expire within
// the warning window.
var CertificateExpiringSoon = &lint.Rule{
	ID:        "NC303",
	Name:      "certificate-expiring-soon",
	Level:     lint.LevelWarning,
	Precision: "very-high",
	Tags:      []string{"certificate", "callout"},
	Short:     "Certificate that expires within 30 days (configurable)",
	Full: "A certificate in the tree expires within 30 days of the reference time (now, or --now); set " +
		"certificates.expiry_warning_days in .nclint.yml to look further ahead. When it expires, " +
		"mTLS and JWT callouts that use it fail with an SSL handshake or signature error.",
	Help: `## Why it breaks

An expired client or signing certificate makes every mTLS or JWT callout that uses it fail, usually at night
and in production. Rotating a certificate takes coordination with the remote side, so it needs lead time.

## How to fix

Create the replacement certificate now, exchange it with the remote side, and switch the references to the
new developer name before the old one expires:

` + "```xml" + `
<namedCredentialParameters>
    <certificate>acme_mtls_2027</certificate>
    <parameterName>ClientCertificate</parameterName>
    <parameterType>ClientCertificate</parameterType>
</namedCredentialParameters>
` + "```" + `

Use ` + "`--now 2026-01-31`" + ` to check against another date (for reproducible runs), and
` + "`certificates: {expiry_warning_days: 45}`" + ` in ` + "`.nclint.yml`" + ` to change how far ahead the rule looks.

Deploying the new ` + "`.crt`" + ` to other orgs does not move its private key: each org generates its own key
pair, so create the replacement in each org and have the remote side trust each org's certificate.

## References

` + certReferences,
	Check: checkCertificateExpiringSoon,
}

func checkCertificateExpiringSoon(pass *lint.Pass) {
	limit := pass.Now.Add(time.Duration(pass.Settings.ExpiryDays()) * 24 * time.Hour)
	for _, c := range pass.Graph.Tree.Certificates {
		exp, source, ok := certExpiry(c)
		if !ok || exp.Before(pass.Now) || !exp.Before(limit) {
			continue
		}
		users := refsTo(pass.Graph, c)
		impact := ""
		if users.any() {
			impact = " When it expires, " + users.impact("will fail") + "."
		}
		pass.Report(lint.Finding{
			Message: fmt.Sprintf("Certificate %s expires on %s, %s (according to %s).%s Rotate it now.%s",
				c.Name, exp.UTC().Format("2006-01-02"), daysUntil(pass.Now, exp), source, impact, rotateAdvice(users)),
			Span:     certSpan(c).Span,
			Related:  users.related,
			Identity: "Certificate:" + c.Name,
		})
	}
}

// daysUntil says when exp falls, counted in calendar days (UTC, as the
// message's date) from now: "today", "tomorrow" or "in 19 days".
func daysUntil(now, exp time.Time) string {
	day := func(t time.Time) time.Time {
		y, m, d := t.UTC().Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	switch n := int(day(exp).Sub(day(now)).Hours() / 24); n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	default:
		return fmt.Sprintf("in %d days", n)
	}
}

// rotateAdvice adds the key-pair advice when something uses the certificate.
func rotateAdvice(u certUsers) string {
	if !u.any() {
		return ""
	}
	return " " + certKeyAdvice
}
