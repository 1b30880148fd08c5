// Package apihistory reads the Metadata API element and enumeration history
// (docs/metadata-api-history.md, derived from the WSDLs of every API
// version) and renders it as the Go table that rule NC505
// (api-version-too-old) uses. Rules never read files: the table is
// generated once with `go generate ./internal/rules` and committed, and a
// test checks that it matches the history.
package apihistory

import (
	"bufio"
	"bytes"
	"fmt"
	"go/format"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// History is the parsed history.
type History struct {
	// First and Last are the oldest and newest API versions the history
	// covers (one WSDL each).
	First, Last int
	// Types maps a WSDL complex type to its availability and elements.
	Types map[string]*Type
	// Enums maps a WSDL enumeration to its availability and values.
	Enums map[string]*Enum
}

// Type is a complex type.
type Type struct {
	Name     string
	Versions Versions
	Elements []Element
}

// Element is one element of a complex type.
type Element struct {
	Name     string
	Versions Versions
	// Type is the element's WSDL type: a complex type, an enumeration or
	// a simple type such as "string".
	Type string
}

// Enum is an enumeration.
type Enum struct {
	Name     string
	Versions Versions
	Values   []Value
}

// Value is one enumeration value.
type Value struct {
	Name     string
	Versions Versions
}

// Versions is the set of API versions that have something: bit v-First of
// Mask is set when version v has it. Text is the history's own notation ("58+",
// "54–57", "54+ (absent 55,56,57)").
type Versions struct {
	Mask  uint64
	Text  string
	first int
}

// Has reports whether version v has it.
func (vs Versions) Has(v int) bool {
	b := v - vs.first
	return b >= 0 && b < 64 && vs.Mask&(1<<uint(b)) != 0
}

var (
	coverRe  = regexp.MustCompile(`API version (\d+)-(\d+)`)
	typeRe   = regexp.MustCompile(`^## (\w+) \(type in the WSDL: ([^)]*)\)$`)
	enumRe   = regexp.MustCompile(`^### (\w+) \((.*)\)$`)
	rowRe    = regexp.MustCompile("^\\| `([^`]+)` \\| ([^|]+?) \\|(?: ([^|]+?) \\|)?$")
	rangeRe  = regexp.MustCompile(`^(\d+)(?:(\+)|[–-](\d+))(?: \(absent ([\d, ]+)\))?$`)
	absentRe = regexp.MustCompile(`\d+`)
)

// ParseVersions parses the history's notation for a set of versions, for
// a history covering first to last.
func ParseVersions(s string, first, last int) (Versions, error) {
	s = strings.TrimSpace(s)
	m := rangeRe.FindStringSubmatch(s)
	if m == nil {
		return Versions{}, fmt.Errorf("versions %q: want N+, N–M or N+ (absent A,B)", s)
	}
	from, _ := strconv.Atoi(m[1])
	to := last
	if m[2] == "" {
		to, _ = strconv.Atoi(m[3])
	}
	if from < first || to > last || from > to {
		return Versions{}, fmt.Errorf("versions %q: outside %d-%d or reversed", s, first, last)
	}
	var mask uint64
	for v := from; v <= to; v++ {
		mask |= 1 << uint(v-first)
	}
	for _, a := range absentRe.FindAllString(m[4], -1) {
		v, _ := strconv.Atoi(a)
		if v <= from || v > to {
			return Versions{}, fmt.Errorf("versions %q: absent version %d outside the range", s, v)
		}
		mask &^= 1 << uint(v-first)
	}
	return Versions{Mask: mask, Text: s, first: first}, nil
}

// Parse reads the history's Markdown. Errors name the line.
func Parse(md []byte) (*History, error) {
	h := &History{Types: map[string]*Type{}, Enums: map[string]*Enum{}}
	sc := bufio.NewScanner(bytes.NewReader(md))
	var curType *Type
	var curEnum *Enum
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t")
		fail := func(err error) error { return fmt.Errorf("line %d: %w", n, err) }
		if h.Last == 0 {
			if m := coverRe.FindStringSubmatch(line); m != nil {
				h.First, _ = strconv.Atoi(m[1])
				h.Last, _ = strconv.Atoi(m[2])
				if h.First <= 0 || h.Last-h.First >= 64 || h.First > h.Last {
					return nil, fail(fmt.Errorf("bad version range %s-%s", m[1], m[2]))
				}
			}
			continue
		}
		if m := typeRe.FindStringSubmatch(line); m != nil {
			vs, err := ParseVersions(m[2], h.First, h.Last)
			if err != nil {
				return nil, fail(err)
			}
			curType, curEnum = &Type{Name: m[1], Versions: vs}, nil
			if h.Types[m[1]] != nil {
				return nil, fail(fmt.Errorf("type %s listed twice", m[1]))
			}
			h.Types[m[1]] = curType
			continue
		}
		if m := enumRe.FindStringSubmatch(line); m != nil {
			vs, err := ParseVersions(m[2], h.First, h.Last)
			if err != nil {
				return nil, fail(err)
			}
			curType, curEnum = nil, &Enum{Name: m[1], Versions: vs}
			if h.Enums[m[1]] != nil {
				return nil, fail(fmt.Errorf("enumeration %s listed twice", m[1]))
			}
			h.Enums[m[1]] = curEnum
			continue
		}
		if strings.HasPrefix(line, "#") {
			curType, curEnum = nil, nil
			continue
		}
		m := rowRe.FindStringSubmatch(line)
		if m == nil || (curType == nil && curEnum == nil) {
			continue
		}
		vs, err := ParseVersions(m[2], h.First, h.Last)
		if err != nil {
			return nil, fail(err)
		}
		switch {
		case curType != nil:
			if m[3] == "" {
				return nil, fail(fmt.Errorf("element %s has no type column", m[1]))
			}
			curType.Elements = append(curType.Elements, Element{Name: m[1], Versions: vs, Type: strings.TrimSpace(m[3])})
		case curEnum != nil:
			curEnum.Values = append(curEnum.Values, Value{Name: m[1], Versions: vs})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if h.Last == 0 {
		return nil, fmt.Errorf("no \"API version N-M\" range found")
	}
	if len(h.Types) == 0 || len(h.Enums) == 0 {
		return nil, fmt.Errorf("no types or no enumerations found")
	}
	return h, nil
}

// Render writes the Go source of the table, in package pkg.
func Render(h *History, pkg, source string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go generate (internal/rules/apihistory/genapiversions) from %s. DO NOT EDIT.\n\n", source)
	fmt.Fprintf(&b, "package %s\n\n", pkg)
	fmt.Fprintf(&b, "// The Metadata API versions the history covers (one WSDL each).\nconst (\n\tapiHistoryFirst = %d\n\tapiHistoryLast = %d\n)\n\n", h.First, h.Last)
	b.WriteString("// apiTypes are the WSDL complex types nclint reads, with the versions that have each element.\n")
	b.WriteString("var apiTypes = map[string]*apiType{\n")
	for _, name := range sortedKeys(h.Types) {
		t := h.Types[name]
		fmt.Fprintf(&b, "\t%q: {versions: %s, elements: map[string]apiElement{\n", name, versionsLit(t.Versions))
		for _, e := range t.Elements {
			fmt.Fprintf(&b, "\t\t%q: {versions: %s, typ: %q},\n", e.Name, versionsLit(e.Versions), e.Type)
		}
		b.WriteString("\t}},\n")
	}
	b.WriteString("}\n\n")
	b.WriteString("// apiEnums are the WSDL enumerations of those types, with the versions that have each value.\n")
	b.WriteString("var apiEnums = map[string]*apiEnum{\n")
	for _, name := range sortedKeys(h.Enums) {
		e := h.Enums[name]
		fmt.Fprintf(&b, "\t%q: {versions: %s, values: map[string]apiVersions{\n", name, versionsLit(e.Versions))
		for _, v := range e.Values {
			fmt.Fprintf(&b, "\t\t%q: %s,\n", v.Name, versionsLit(v.Versions))
		}
		b.WriteString("\t}},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

func versionsLit(v Versions) string {
	return fmt.Sprintf("apiVersions{mask: %#x, text: %q}", v.Mask, v.Text)
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
