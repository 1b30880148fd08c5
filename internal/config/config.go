// Package config reads .nclint.yml, the project configuration: rule
// levels, components that live in the org rather than in source, path to
// namespace mappings, installed packages, extra service entry points and
// excludes. Unknown keys and values of the wrong type are errors with the
// file, line and column, never silently ignored.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/nclint/nclint/internal/lint"
	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
	"github.com/nclint/nclint/internal/safeio"
)

// FileNames are the names a configuration file may have at the project
// root, in the order they are looked for.
var FileNames = []string{".nclint.yml", ".nclint.yaml"}

// Config is a parsed configuration file. The zero value is the default
// configuration (no file).
type Config struct {
	// File is the path the configuration was read from ("" for none).
	File string
	// Levels overrides rule levels by rule ID; lint.LevelNone turns a rule off.
	Levels map[string]lint.Level
	// Settings are the facts rules cannot read from metadata.
	Settings lint.Settings
	// Namespaces map source paths to the namespace their code runs in.
	Namespaces []project.NamespaceMapping
	// Exclude are doublestar patterns excluded on top of .forceignore.
	Exclude []string
	// Ignores are the "ignore:" entries: suppressions for files that
	// cannot carry comments. Their spans name File as given to Parse.
	Ignores []lint.Ignore
	// Forbid are rule IDs that inline comments cannot suppress
	// (suppressions.forbid).
	Forbid []string
}

// Error is a configuration mistake at a position in the file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

// Error formats the error as "file:line:col: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// RuleLookup resolves a rule ID or name to its ID.
type RuleLookup func(idOrName string) (id string, ok bool)

// Find returns the path of the configuration file at root, or "" when there
// is none. A name that exists but is not a regular file (a directory, a
// named pipe, a link out of the project) is returned too, so that Load
// refuses it with a clear error instead of silently using no configuration.
func Find(root string) string {
	for _, n := range FileNames {
		p := filepath.Join(root, n)
		if st, err := os.Lstat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	return ""
}

// Locate is Find, except that both .nclint.yml and .nclint.yaml at root
// is an error: nclint would read one and silently ignore the other.
func Locate(root string) (string, error) {
	var found []string
	for _, n := range FileNames {
		p := filepath.Join(root, n)
		if st, err := os.Lstat(p); err == nil && !st.IsDir() {
			found = append(found, p)
		}
	}
	if len(found) > 1 {
		return "", &Error{File: found[1], Msg: fmt.Sprintf("both %s and %s exist; keep one (nclint would read only %s)",
			FileNames[0], FileNames[1], FileNames[0])}
	}
	return Find(root), nil
}

// Load reads and validates the configuration file at path, which may lie
// anywhere (a file named with --config). Errors are *Error values, with
// positions when the file was read.
func Load(path string, rules RuleLookup) (*Config, error) {
	return LoadIn(path, "", rules)
}

// LoadIn is Load for a file that must lie inside root after resolving
// symbolic links (the .nclint.yml found at the project root); root "" allows
// any location. Either way the file must be a regular file of at most
// safeio.MaxConfigSize bytes: a named pipe, device or directory is refused
// at once, without blocking or reading it.
func LoadIn(path, root string, rules RuleLookup) (*Config, error) {
	data, err := safeio.ReadFile(path, safeio.Options{Root: root, MaxSize: safeio.MaxConfigSize})
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &Error{File: path, Msg: "configuration file does not exist"}
		}
		return nil, &Error{File: path, Msg: "cannot read the configuration: " + safeio.Cause(err).Error()}
	}
	return Parse(path, data, rules)
}

// Parse parses configuration data; path is used in error messages.
func Parse(path string, data []byte, rules RuleLookup) (*Config, error) {
	// yaml.v3 would decode UTF-16 silently and count lines differently;
	// configuration files are UTF-8 (an optional UTF-8 BOM is fine).
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || !utf8.Valid(data) {
		return nil, &Error{File: path, Msg: "not UTF-8 text; save the configuration as UTF-8"}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	// yaml.Unmarshal would read the first document and drop the others
	// silently; a second document is a mistake (two files pasted together).
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, yamlError(path, err)
		}
		if len(next.Content) == 0 || next.Content[0].Kind == yaml.ScalarNode && next.Content[0].Tag == "!!null" && next.Content[0].Value == "" {
			continue // an empty document after a trailing "---"
		}
		n := next.Content[0]
		return nil, &Error{File: path, Line: n.Line, Col: n.Column, Msg: "a second YAML document (after ---); the configuration must be one document"}
	}
	c := &Config{File: path, Levels: map[string]lint.Level{}}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return c, nil // empty file
	}
	p := &parser{file: path, rules: rules, c: c}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.mapping(root, "the configuration", map[string]func(k, v *yaml.Node){
		"rules":              p.rulesKey,
		"org":                p.org,
		"namespaces":         p.namespaces,
		"installed_packages": p.installedPackages,
		"service_contexts":   p.serviceContexts,
		"certificates":       p.certificates,
		"policy":             p.policy,
		"ignore":             p.ignore,
		"suppressions":       p.suppressions,
		"exclude": func(_, v *yaml.Node) {
			for _, s := range p.strings(v, "exclude") {
				pat := normalizePattern(s.value)
				if pat == "" || !doublestar.ValidatePattern(pat) {
					p.errorf(s.node, "exclude: %s is not a valid glob pattern relative to the project root", safeio.Quote(s.value))
					continue
				}
				c.Exclude = append(c.Exclude, pat)
			}
		},
	})
	if p.err != nil {
		return nil, p.err
	}
	return c, nil
}

// normalizePattern makes a path pattern relative to the project root the
// way users write it: "./vendor/acme/", "/vendor/acme" and "vendor/acme"
// all mean the folder vendor/acme (which also covers everything below it).
func normalizePattern(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "./")
	s = strings.TrimLeft(s, "/")
	if t := strings.TrimRight(s, "/"); t != "" {
		s = t
	}
	return strings.TrimSpace(s)
}

// quotedInput matches text yaml.v3 quotes from the input in its messages.
var quotedInput = regexp.MustCompile(`'[^']*'|"(?:[^"\\]|\\.)*"`)

// yamlError turns a yaml syntax error ("yaml: line 3: ...") into an *Error.
func yamlError(path string, err error) error {
	// yaml.v3 quotes input in some messages (unknown anchor 'NAME'):
	// keep only a short redacted excerpt of it.
	msg := quotedInput.ReplaceAllStringFunc(strings.TrimPrefix(err.Error(), "yaml: "), func(q string) string {
		return safeio.Quote(q[1 : len(q)-1])
	})
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if v, err := strconv.Atoi(n); err == nil {
				line, msg = v, after
			}
		}
	}
	if line == 0 {
		return &Error{File: path, Msg: "invalid YAML: " + msg}
	}
	return &Error{File: path, Line: line, Col: 1, Msg: "invalid YAML: " + msg}
}

// parser walks the YAML tree and keeps the first error.
type parser struct {
	file  string
	rules RuleLookup
	c     *Config
	err   error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	if p.err == nil {
		p.err = &Error{File: p.file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return "the value " + safeio.Quote(n.Value)
}

// deref follows YAML aliases (*anchor) to the node they stand for.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// mapping calls keys[k] for every key of n, reporting unknown and duplicate keys.
func (p *parser) mapping(at *yaml.Node, what string, keys map[string]func(k, v *yaml.Node)) {
	n := deref(at)
	if n.Kind != yaml.MappingNode {
		p.errorf(at, "%s must be a mapping, got %s", what, kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		f, ok := keys[k.Value]
		if !ok {
			p.errorf(k, "unknown key %s in %s (known keys: %s)", safeio.Quote(k.Value), what, knownKeys(keys))
			return
		}
		if seen[k.Value] {
			p.errorf(k, "key %s appears twice in %s", safeio.Quote(k.Value), what)
			return
		}
		seen[k.Value] = true
		f(k, v)
	}
}

func knownKeys(keys map[string]func(k, v *yaml.Node)) string {
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

type str struct {
	value string
	node  *yaml.Node
}

// scalar returns the string value of a scalar node.
func (p *parser) scalar(at *yaml.Node, what string) (string, bool) {
	n := deref(at) // errors point at the alias, where the user wrote it
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(at, "%s must be a string, got %s", what, kindName(n))
		return "", false
	}
	return n.Value, true
}

// strings returns the non-empty string items of a list node.
func (p *parser) strings(at *yaml.Node, what string) []str {
	n := deref(at)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(at, "%s must be a list of strings, got %s", what, kindName(n))
		return nil
	}
	var out []str
	for _, item := range n.Content {
		s, ok := p.scalar(item, what+" item")
		if !ok {
			return nil
		}
		s = strings.TrimSpace(s)
		if s == "" {
			p.errorf(item, "%s: empty item", what)
			return nil
		}
		out = append(out, str{s, item})
	}
	return out
}

func values(ss []str) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.value
	}
	return out
}

func (p *parser) rulesKey(_, v *yaml.Node) {
	v = deref(v)
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "rules must be a mapping of rule ID or name to a level, got %s", kindName(v))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, lv := v.Content[i], v.Content[i+1]
		id, ok := p.rules(k.Value)
		if !ok {
			p.errorf(k, "rules: unknown rule %s (run 'nclint rules' for the list)", safeio.Quote(k.Value))
			return
		}
		s, ok := p.scalar(lv, "rules: "+k.Value)
		if !ok {
			return
		}
		switch strings.ToLower(s) {
		case "off", "false", "no":
			s = "none"
		}
		level, err := lint.ParseLevel(s)
		if err != nil {
			p.errorf(lv, "rules: %s: unknown level %s (want off, note, warning or error)", k.Value, safeio.Quote(s))
			return
		}
		if _, dup := p.c.Levels[id]; dup {
			p.errorf(k, "rules: %s is configured twice (by ID and by name?)", id)
			return
		}
		p.c.Levels[id] = level
	}
}

func (p *parser) org(_, v *yaml.Node) {
	o := &p.c.Settings.Org
	p.mapping(v, "org", map[string]func(k, v *yaml.Node){
		"named_credentials":    func(_, v *yaml.Node) { o.NamedCredentials = values(p.strings(v, "org.named_credentials")) },
		"external_credentials": func(_, v *yaml.Node) { o.ExternalCredentials = values(p.strings(v, "org.external_credentials")) },
		"certificates":         func(_, v *yaml.Node) { o.Certificates = values(p.strings(v, "org.certificates")) },
		"permission_sets":      func(_, v *yaml.Node) { o.PermissionSets = values(p.strings(v, "org.permission_sets")) },
		"external_services":    func(_, v *yaml.Node) { o.ExternalServices = values(p.strings(v, "org.external_services")) },
		"auth_providers":       func(_, v *yaml.Node) { o.AuthProviders = values(p.strings(v, "org.auth_providers")) },
		"granted_principals": func(_, v *yaml.Node) {
			for _, s := range p.strings(v, "org.granted_principals") {
				if !strings.Contains(s.value, "-") {
					p.errorf(s.node, "org.granted_principals: %s is not of the form ExternalCredential-Principal Name", safeio.Quote(s.value))
					return
				}
				o.GrantedPrincipals = append(o.GrantedPrincipals, s.value)
			}
		},
	})
}

func (p *parser) namespaces(_, v *yaml.Node) {
	v = deref(v)
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "namespaces must be a list of {path, namespace}, got %s", kindName(v))
		return
	}
	for _, item := range v.Content {
		var m project.NamespaceMapping
		var pathNode *yaml.Node
		p.mapping(item, "a namespaces item", map[string]func(k, v *yaml.Node){
			"path": func(_, v *yaml.Node) {
				s, _ := p.scalar(v, "namespaces: path")
				m.Pattern = normalizePattern(s)
				pathNode = v
			},
			"namespace": func(_, v *yaml.Node) {
				s, ok := p.scalar(v, "namespaces: namespace")
				if ok && !model.ValidNamespace(s) {
					p.errorf(v, "namespaces: %s is not a namespace prefix (a letter, then letters, digits and single underscores, at most 15 characters)", safeio.Quote(s))
				}
				m.Namespace = s
			},
		})
		if p.err != nil {
			return
		}
		if pathNode == nil || m.Namespace == "" {
			p.errorf(item, "a namespaces item needs both path and namespace")
			return
		}
		if m.Pattern == "" || !doublestar.ValidatePattern(m.Pattern) {
			p.errorf(pathNode, "namespaces: path %s is not a valid glob pattern relative to the project root", safeio.Quote(m.Pattern))
			return
		}
		p.c.Namespaces = append(p.c.Namespaces, m)
	}
}

func (p *parser) installedPackages(_, v *yaml.Node) {
	v = deref(v)
	if v.Kind != yaml.MappingNode {
		p.errorf(v, "installed_packages must be a mapping of namespace to named credentials, got %s", kindName(v))
		return
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, list := v.Content[i], v.Content[i+1]
		if !model.ValidNamespace(k.Value) {
			p.errorf(k, "installed_packages: %s is not a namespace prefix", safeio.Quote(k.Value))
			return
		}
		p.c.Settings.InstalledPackages = append(p.c.Settings.InstalledPackages, lint.InstalledPackage{
			Namespace:        k.Value,
			NamedCredentials: values(p.strings(list, "installed_packages."+k.Value)),
		})
	}
}

func (p *parser) serviceContexts(_, v *yaml.Node) {
	s := &p.c.Settings
	p.mapping(v, "service_contexts", map[string]func(k, v *yaml.Node){
		"entry_classes": func(_, v *yaml.Node) { s.EntryClasses = values(p.strings(v, "service_contexts.entry_classes")) },
		"integration_licenses": func(_, v *yaml.Node) {
			s.IntegrationLicenses = values(p.strings(v, "service_contexts.integration_licenses"))
		},
	})
}

func (p *parser) certificates(_, v *yaml.Node) {
	p.mapping(v, "certificates", map[string]func(k, v *yaml.Node){
		"expiry_warning_days": func(_, v *yaml.Node) {
			s, ok := p.scalar(v, "certificates.expiry_warning_days")
			if !ok {
				return
			}
			if n := deref(v); n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
				p.errorf(v, "certificates.expiry_warning_days must be a number, got the string %s (write it without quotes)", safeio.Quote(s))
				return
			}
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > 3650 {
				p.errorf(v, "certificates.expiry_warning_days must be a whole number of days from 1 to 3650, got %s", safeio.Quote(s))
				return
			}
			p.c.Settings.ExpiryWarningDays = n
		},
	})
}

// protocols are the AuthenticationProtocol values policy.allowed_protocols
// accepts (Metadata API WSDL 66.0: external credential
// authenticationProtocol and legacy named credential protocol).
var protocols = []string{"ApiKey", "AwsSv4", "Basic", "C2c", "Certificate", "Custom", "InternalOAuth", "Jwt",
	"JwtExchange", "NoAuthentication", "NTLM", "Oauth", "OrgJwt", "Password"}

// hostPattern is a host name, or "*." and a domain.
var hostPattern = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

func (p *parser) policy(_, v *yaml.Node) {
	pol := &p.c.Settings.Policy
	p.mapping(v, "policy", map[string]func(k, v *yaml.Node){
		"allowed_hosts": func(_, v *yaml.Node) {
			pol.AllowedHosts = []string{}
			for _, s := range p.strings(v, "policy.allowed_hosts") {
				h := strings.ToLower(s.value)
				if !hostPattern.MatchString(h) || h == "*" {
					p.errorf(s.node, "policy.allowed_hosts: %s is not a host pattern (a host such as api.stripe.com, or *.stripe.com for every subdomain of stripe.com; no scheme, port or path)", safeio.Quote(s.value))
					return
				}
				pol.AllowedHosts = append(pol.AllowedHosts, h)
			}
		},
		"allowed_protocols": func(_, v *yaml.Node) {
			pol.AllowedProtocols = []string{}
			for _, s := range p.strings(v, "policy.allowed_protocols") {
				i := slices.IndexFunc(protocols, func(x string) bool { return strings.EqualFold(x, s.value) })
				if i < 0 {
					p.errorf(s.node, "policy.allowed_protocols: %s is not an authentication protocol (known: %s)", safeio.Quote(s.value), strings.Join(protocols, ", "))
					return
				}
				pol.AllowedProtocols = append(pol.AllowedProtocols, protocols[i])
			}
		},
	})
}

// ignore reads the "ignore:" list: {rule, component, reason, until?}.
func (p *parser) ignore(_, v *yaml.Node) {
	v = deref(v)
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return
	}
	if v.Kind != yaml.SequenceNode {
		p.errorf(v, "ignore must be a list of {rule, component, reason, until}, got %s", kindName(v))
		return
	}
	for _, item := range v.Content {
		ig := lint.Ignore{Span: loc.Span{File: p.file, Start: loc.Pos{Line: item.Line, Col: item.Column}}}
		var ruleNode *yaml.Node
		p.mapping(item, "an ignore item", map[string]func(k, v *yaml.Node){
			"rule": func(_, v *yaml.Node) {
				s, ok := p.scalar(v, "ignore: rule")
				if !ok {
					return
				}
				id, known := p.rules(s)
				if !known {
					p.errorf(v, "ignore: unknown rule %s (run 'nclint rules' for the list)", safeio.Quote(s))
					return
				}
				ig.RuleID, ruleNode = id, v
			},
			"component": func(_, v *yaml.Node) {
				s, ok := p.scalar(v, "ignore: component")
				if ok && strings.TrimSpace(s) == "" {
					p.errorf(v, "ignore: component is empty; write a glob such as \"NamedCredential:Vendor_*\"")
				}
				ig.Component = strings.TrimSpace(s)
			},
			"reason": func(_, v *yaml.Node) {
				s, _ := p.scalar(v, "ignore: reason")
				ig.Reason = strings.TrimSpace(s)
			},
			"until": func(_, v *yaml.Node) {
				s, ok := p.scalar(v, "ignore: until")
				if !ok {
					return
				}
				t, err := time.Parse(time.DateOnly, s)
				if err != nil {
					p.errorf(v, "ignore: until %s is not a date (YYYY-MM-DD)", safeio.Quote(s))
					return
				}
				ig.Until = t
			},
		})
		if p.err != nil {
			return
		}
		switch {
		case ruleNode == nil:
			p.errorf(item, "an ignore item needs rule (an ID or name)")
		case ig.Component == "":
			p.errorf(item, "an ignore item needs component (a glob on the finding's component, \"*\" for all)")
		case ig.Reason == "":
			p.errorf(item, "an ignore item needs reason: say why the finding does not apply")
		}
		if p.err != nil {
			return
		}
		p.c.Ignores = append(p.c.Ignores, ig)
	}
}

// suppressions reads "suppressions: {forbid: [RULE...]}".
func (p *parser) suppressions(_, v *yaml.Node) {
	p.mapping(v, "suppressions", map[string]func(k, v *yaml.Node){
		"forbid": func(_, v *yaml.Node) {
			for _, s := range p.strings(v, "suppressions.forbid") {
				id, ok := p.rules(s.value)
				if !ok {
					p.errorf(s.node, "suppressions.forbid: unknown rule %s (run 'nclint rules' for the list)", safeio.Quote(s.value))
					return
				}
				p.c.Forbid = append(p.c.Forbid, id)
			}
		},
	})
}
