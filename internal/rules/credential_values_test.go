package rules

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/nclint/nclint/internal/model"
)

func TestLooksGenerated(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"pp6NsL!4eoFXR4WJE", true}, // 17 characters, a real custom-header key
		{"gxp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5", true},
		{"d41d8cd98f00b204e9800998ecf8427e", true}, // hexadecimal, 32 characters
		{"nQ8vT2xLr5/Kp7MzW3dE9/bHc4FyGs6Ju1Ra0XoP", true},
		{"Xy7kPq2mWn9bLz4v", true},
		{"Xy7kPq2mWn9bLz4", false}, // 15 characters
		{"application/json;charset=UTF-8", false},
		{"application/vnd.api+json", false},
		{"SalesforceIntegration/1.0.0", false},
		{"x-www-form-urlencoded", false},
		{"3f2504e0-4f89-11d3-9a0c-0305e82c3301", false}, // UUID
		{"00D5g000004Kx8AEAS", false},                   // Salesforce ID
		{"2024-01-01T00:00:00Z", false},
		{"1234567890123456", false},
		{"abcdefghijklmnopqrstuvwxyz", false},
		{"https://api.example.com/v1/a8F3kQ9", false},
		{"Xy7kPq2m Wn9bLz4v", false},
	} {
		if got := looksGenerated(c.v); got != c.want {
			t.Errorf("looksGenerated(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

// TestLooksGeneratedRandom checks the thresholds against random keys: at
// least 93% of random base62 strings of 20 characters, base64url strings of
// 32 and hexadecimal strings of 40 must be recognised. (The misses are
// mostly keys without a digit, about 3% at 20 characters, and keys whose
// letters happen to form long word-like runs.)
func TestLooksGeneratedRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		alphabet string
		n        int
	}{
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 20},
		{"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 32},
		{"0123456789abcdef", 40},
	} {
		hits := 0
		const trials = 2000
		for range trials {
			var b strings.Builder
			for range c.n {
				b.WriteByte(c.alphabet[r.IntN(len(c.alphabet))])
			}
			if looksGenerated(b.String()) {
				hits++
			}
		}
		t.Logf("%d-character keys over %d symbols: %d of %d recognised", c.n, len(c.alphabet), hits, trials)
		if hits < trials*93/100 {
			t.Errorf("%d-character keys over %q: %d of %d recognised", c.n, c.alphabet, hits, trials)
		}
	}
}

func TestIsPlaceholder(t *testing.T) {
	for _, v := range []string{"", "  ", "xxx", "XXXX", "****", "0000", "{API_KEY}", "${TOKEN}", "<your api key>",
		"[secret]", "%API_KEY%", "$API_KEY", "__TOKEN__", "Placeholder_Value", "changeme", "YOUR_API_KEY", "sk_test_xxxxxxxx",
		"none", "TODO"} {
		if !isPlaceholder(v) {
			t.Errorf("isPlaceholder(%q) = false", v)
		}
	}
	for _, v := range []string{"abc", "hunter2", "tk_fake_51HxAcme0000000000000000", "pp6NsL!4eoFXR4WJE"} {
		if isPlaceholder(v) {
			t.Errorf("isPlaceholder(%q) = true", v)
		}
	}
}

func TestIsCredentialName(t *testing.T) {
	for _, n := range []string{"Authorization", "Proxy-Authorization", "X-Api-Key", "x-apikey", "api_key", "X-Auth-Token",
		"access_token", "client_secret", "X-Password", "Ocp-Apim-Subscription-Key", "x-functions-key", "key", "apiKey", "sig"} {
		if !isCredentialName(n) {
			t.Errorf("isCredentialName(%q) = false", n)
		}
	}
	for _, n := range []string{"X-Request-Id", "Accept", "Content-Type", "Idempotency-Key", "x-DinFamilieJurist", "format", "X-Tenant"} {
		if isCredentialName(n) {
			t.Errorf("isCredentialName(%q) = true", n)
		}
	}
}

func TestLiteralSecret(t *testing.T) {
	repl := newReplacements(model.Settings{ReplacementTokens: []string{"{TRACKING_KEY}"}, ReplacementPatterns: []string{`__[A-Z]+_SECRET__`}})
	for _, c := range []struct {
		header, value string
		want          bool
	}{
		{"Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc", true},
		{"X-Custom", "token ghp_R2mKx7Lw4", true},
		{"X-Custom", "token ghp_abc", false}, // shorter than 8 characters
		{"Authorization", "Basic {!$Credential.Billing_EC.Basic}", false},
		{"Authorization", "{!'Bearer ' & $Credential.Billing_EC.ApiKey}", false},
		{"Authorization", "Bearer xxx", false},
		{"Authorization", "Bearer {TRACKING_KEY}", false},
		{"X-Api-Key", "{TRACKING_KEY}", false},
		{"X-Api-Key", "__TRACKING_SECRET__", false},
		{"X-Api-Key", "abc", false},     // shorter than 8 characters
		{"X-Api-Key", "hunter22", true}, // 8 characters
		// Identifiers are not secrets, however random they look; a
		// client secret still is.
		{"client_id", "3MVG9A2kN3Bn17hsWsLDatadp9Zq8yLH2xQ4", false},
		{"X-Client-Id", "3MVG9A2kN3Bn17hsWsLDatadp9Zq8yLH2xQ4", false},
		{"clientId", "3MVG9A2kN3Bn17hsWsLDatadp9Zq8yLH2xQ4", false},
		{"X-Api-Key-Id", "kid7Hq2Lm9Xz4Rt8Wv1", false},
		{"X-Tenant-Id", "b7f3c2e1a9d84f6e8c1b2a3d4e5f6a7b", false},
		{"account_id", "AC9f8e7d6c5b4a39f8e7d6c5b4a3", false},
		{"username", "svc-integration-7Hq2Lm9Xz4", false},
		{"client_secret", "Zq8yLH2xQ4mN7pR3tV6w", true},
		{"X-Client-Secret", "Zq8yLH2xQ4mN7pR3tV6w", true},
		{"Authorization", "${API_TOKEN}", false},
		{"X-Api-Key", "changeme", false},
		{"X-Api-Key", "<token>", false},
		{"X-Request-Id", "req-42", false},
		{"x-DinFamilieJurist", "pp6NsL!4eoFXR4WJE", true},
		{"Accept", "application/json", false},
		{"X-Api-Key", "", false},
	} {
		if _, got := literalSecret(c.header, c.value, repl); got != c.want {
			t.Errorf("literalSecret(%q, %q) = %v, want %v", c.header, c.value, got, c.want)
		}
	}
}

func TestDisplayURL(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://api.example.com/v1", "https://api.example.com/v1"},
		{"https://svc:s3cr3t@api.example.com/v1", "https://***@api.example.com/v1"},
		{"https://tk_fake_abc@api.example.com", "https://***@api.example.com"},
		{"https://ghp_R2mKx7Lw4Np9Vt3Bq6Yc1Hd8Jf0Se5Ua7Zxy:x-oauth-basic@github.example.com/api", "https://***@github.example.com/api"},
		{"https://api.example.com/v1?key=Gk9123&format=json&debug", "https://api.example.com/v1?key=…&format=…&debug"},
		{"https://api.example.com/v1#frag", "https://api.example.com/v1#…"},
		{"{API_URL}/v1?x=1", "{API_URL}/v1?x=…"},
		{"http://[::1]:8080/x", "http://[::1]:8080/x"},
		{"http://hooks.example.com/services/T0A1B2C3D/aB3dE5fG7hI9jK1lM3nO5pQ7", "http://hooks.example.com/services/T0A1B2C3D/…"},
	} {
		if got := displayURL(c.in); got != c.want {
			t.Errorf("displayURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if u := splitURL("http://[::1]:8080/x"); u.host != "::1" || !isLoopback(u.host) {
		t.Errorf("host of [::1] = %q", u.host)
	}
	if u := splitURL("http://LOCALHOST:3000"); u.host != "localhost" {
		t.Errorf("host = %q", u.host)
	}
}
