package config

import (
	"errors"
	"reflect"
	"testing"

	"github.com/nclint/nclint/internal/lint"
)

func TestPolicy(t *testing.T) {
	c, err := Parse("p.yml", []byte("policy:\n  allowed_hosts: [\"*.Stripe.com\", api.acme.example]\n  allowed_protocols: [oauth, AwsSv4]\n"), lookup)
	if err != nil {
		t.Fatal(err)
	}
	want := lint.Policy{AllowedHosts: []string{"*.stripe.com", "api.acme.example"}, AllowedProtocols: []string{"Oauth", "AwsSv4"}}
	if !reflect.DeepEqual(c.Settings.Policy, want) {
		t.Errorf("policy = %+v, want %+v", c.Settings.Policy, want)
	}
	// No policy: nothing is enforced. An empty list allows nothing.
	c, _ = Parse("p.yml", []byte("rules: {}\n"), lookup)
	if c.Settings.Policy.AllowedHosts != nil || c.Settings.Policy.AllowedProtocols != nil {
		t.Errorf("no policy key, got %+v", c.Settings.Policy)
	}
	c, _ = Parse("p.yml", []byte("policy:\n  allowed_hosts: []\n"), lookup)
	if c.Settings.Policy.AllowedHosts == nil || c.Settings.Policy.HostAllowed("api.stripe.com") {
		t.Errorf("allowed_hosts: [] must allow nothing, got %+v", c.Settings.Policy)
	}
}

func TestPolicyErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"policy:\n  allowed_hosts: [\"https://api.stripe.com\"]\n", `p.yml:2:19: policy.allowed_hosts: "https://api.stripe.com" is not a host pattern`},
		{"policy:\n  allowed_hosts: [\"api.*.com\"]\n", `p.yml:2:19: policy.allowed_hosts: "api.*.com" is not a host pattern`},
		{"policy:\n  allowed_hosts: [\"*\"]\n", `p.yml:2:19: policy.allowed_hosts: "*" is not a host pattern`},
		{"policy:\n  allowed_hosts:\n    - api.stripe.com:443\n", `p.yml:3:7: policy.allowed_hosts: "api.stripe.com:443" is not a host pattern`},
		{"policy:\n  allowed_protocols: [OAuth2]\n", `p.yml:2:23: policy.allowed_protocols: "OAuth2" is not an authentication protocol`},
		{"policy:\n  allowed_protocol: [Oauth]\n", `p.yml:2:3: unknown key "allowed_protocol" in policy`},
		{"policy: [Oauth]\n", `p.yml:1:9: policy must be a mapping`},
	} {
		_, err := Parse("p.yml", []byte(c.src), lookup)
		var ce *Error
		if !errors.As(err, &ce) || len(ce.Error()) < len(c.want) || ce.Error()[:len(c.want)] != c.want {
			t.Errorf("%q: error %v, want prefix %q", c.src, err, c.want)
		}
	}
}

func TestHostAllowed(t *testing.T) {
	p := lint.Policy{AllowedHosts: []string{"*.stripe.com", "api.acme.example"}}
	for host, want := range map[string]bool{
		"api.stripe.com": true, "a.b.stripe.com": true, "API.Stripe.com": true, "stripe.com": false,
		"evilstripe.com": false, "api.acme.example": true, "x.api.acme.example": false, "api.acme.example.": true,
	} {
		if got := p.HostAllowed(host); got != want {
			t.Errorf("HostAllowed(%q) = %v, want %v", host, got, want)
		}
	}
	if !(lint.Policy{}).HostAllowed("anything.example") || !(lint.Policy{}).ProtocolAllowed("Basic") {
		t.Error("an unset policy must allow everything")
	}
	if (lint.Policy{AllowedProtocols: []string{"Oauth"}}).ProtocolAllowed("Basic") {
		t.Error("Basic allowed by [Oauth]")
	}
}
