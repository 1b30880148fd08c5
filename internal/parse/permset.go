package parse

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/beevik/etree"

	"github.com/nclint/nclint/internal/loc"
	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/project"
)

// permSetPart is what one permission set (or muting permission set) file
// contributed. Parts of one permission set are merged by mergePermSets.
type permSetPart struct {
	// main is true for the component's own file (X.permissionset-meta.xml,
	// flat or the parent inside a decomposed folder), false for a fragment.
	main bool
	// group identifies the permission set the part belongs to: the
	// decomposed folder for fragments and their parent, the file path for a
	// flat file.
	group string
	ps    model.PermissionSet
}

// permSetPart reads one permission set file: a whole permission set, the
// parent file of a decomposed one, a decomposePermissionSetBeta2 fragment
// (root <PermissionSet> without xmlns, ordinary repeated elements), or a
// decomposePermissionSetBeta fragment (root named after the child type,
// e.g. <ExternalCredentialPrincipalAccess>, holding the fields directly).
func (r *reader) permSetPart(data []byte) *permSetPart {
	f := r.file
	kind := string(f.Kind)
	base := path.Base(f.Path)
	suffix := strings.ToLower(kind) // "permissionset", "mutingpermissionset"
	// Discovery marks fragments RoleFragment; the parent file of a
	// decomposed folder is recognised by its name whatever its role.
	main := f.Role == project.RoleComponent || base == f.Name+"."+suffix+"-meta.xml" || base == f.Name+"."+suffix

	part := &permSetPart{main: main, group: decomposedFolder(f.Path, f.Name, main)}
	switch {
	case part.group != "":
	case main:
		part.group = "file:" + f.Path
	default:
		// A fragment outside any folder named after its permission set
		// (discovery should not produce one): keep it with its name.
		part.group = "name:" + f.Name
	}

	roots := []string{kind}
	if !main {
		// Beta2 fragments use <PermissionSet>; Beta fragments use the
		// child type named by the file suffix, e.g.
		// "X.externalCredentialPrincipalAccess-meta.xml" -> <ExternalCredentialPrincipalAccess>.
		if t := fragmentRoot(base); t != "" && t != kind {
			roots = append(roots, t)
		}
	}
	// Only these children of <PermissionSet> are read below: field,
	// class, tab ... permissions are checked but not built.
	r.skipUnread(data, kind, "label", "license", "hasActivationRequired", "description",
		"externalCredentialPrincipalAccesses", "objectPermissions")
	root := r.parseXML(data, roots...)
	part.ps = model.PermissionSet{Meta: r.meta(), Files: []string{f.Path}}
	if root == nil {
		return part
	}
	ps := &part.ps
	switch root.Tag {
	case "ExternalCredentialPrincipalAccess":
		ps.PrincipalAccesses = append(ps.PrincipalAccesses, r.principalAccess(root, root))
	case "ObjectPermission":
		ps.ObjectPermissions = append(ps.ObjectPermissions, r.objectPermission(root))
	case kind:
		children(root, func(c *etree.Element) {
			switch c.Tag {
			case "label":
				setOnce(&ps.Label, r.text(c))
			case "license":
				setOnce(&ps.License, r.text(c))
			case "hasActivationRequired":
				setOnce(&ps.HasActivationRequired, r.text(c))
			case "description":
				setOnce(&ps.Description, r.text(c))
			case "externalCredentialPrincipalAccesses":
				ps.PrincipalAccesses = append(ps.PrincipalAccesses, r.principalAccess(c, c))
			case "objectPermissions":
				ps.ObjectPermissions = append(ps.ObjectPermissions, r.objectPermission(c))
			}
		})
		if main {
			r.require(root, ps.Label, "label", r.what())
		}
	}
	return part
}

// decomposedFolder returns the folder of a decomposed permission set the
// file belongs to: the nearest ancestor directory named after the
// permission set, looked for one level up for the parent file and for
// Beta2 top-level fragments, two levels up for Beta fragments
// (permissionsets/X/objectPermissions/...) and objectSettings files.
// It returns "" when there is none.
func decomposedFolder(p, name string, main bool) string {
	dir := path.Dir(p)
	levels := 2
	if main {
		levels = 1
	}
	for i := 0; i < levels && dir != "." && dir != "/"; i++ {
		if path.Base(dir) == name {
			return dir
		}
		dir = path.Dir(dir)
	}
	return ""
}

// fragmentRoot returns the root element a decomposePermissionSetBeta
// fragment has: the file suffix with its first letter upper-cased
// ("Foo.objectPermission-meta.xml" -> "ObjectPermission").
func fragmentRoot(base string) string {
	s := strings.TrimSuffix(base, "-meta.xml")
	i := strings.LastIndexByte(s, '.')
	if i < 0 || i == len(s)-1 {
		return ""
	}
	s = s[i+1:]
	return strings.ToUpper(s[:1]) + s[1:]
}

// mergePermSets merges the parts of each permission set into one
// model.PermissionSet. Parts are grouped by decomposed folder (or by file
// for a flat permission set), so a flat X.permissionset-meta.xml next to a
// decomposed folder X/ stays a separate component and is reported as a
// duplicate by the caller. Within a group, files are taken in path order;
// every element keeps the span of the file it came from.
func mergePermSets(parts []*permSetPart) []*model.PermissionSet {
	type key struct {
		kind  model.Kind
		group string
	}
	groups := make(map[key][]*permSetPart)
	var order []key
	for _, p := range parts {
		k := key{p.ps.Kind, p.group}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], p)
	}
	out := make([]*model.PermissionSet, 0, len(order))
	for _, k := range order {
		g := groups[k]
		slices.SortStableFunc(g, func(a, b *permSetPart) int { return strings.Compare(a.ps.File, b.ps.File) })
		out = append(out, mergeGroup(g))
	}
	return out
}

func mergeGroup(g []*permSetPart) *model.PermissionSet {
	// The component's Meta comes from its own file when there is one.
	lead := g[0]
	for _, p := range g {
		if p.main {
			lead = p
			break
		}
	}
	ps := &model.PermissionSet{Meta: lead.ps.Meta}
	scalars := func(p *permSetPart) {
		setOnce(&ps.Label, p.ps.Label)
		setOnce(&ps.License, p.ps.License)
		setOnce(&ps.HasActivationRequired, p.ps.HasActivationRequired)
		setOnce(&ps.Description, p.ps.Description)
	}
	scalars(lead)
	for _, p := range g {
		if p != lead {
			scalars(p)
		}
		if !p.main {
			ps.Decomposed = true
		}
		ps.Unparsed = ps.Unparsed || p.ps.Unparsed
		ps.Files = append(ps.Files, p.ps.File)
		ps.PrincipalAccesses = append(ps.PrincipalAccesses, p.ps.PrincipalAccesses...)
		ps.ObjectPermissions = append(ps.ObjectPermissions, p.ps.ObjectPermissions...)
	}
	ps.Mentions = mergedMentions(g)
	slices.Sort(ps.Files)
	return ps
}

// extraMains reports a second main file inside one decomposed folder (for
// example both X.permissionset-meta.xml and mdapi-style X.permissionset).
func extraMains(parts []*permSetPart) []model.Problem {
	type key struct {
		kind  model.Kind
		group string
	}
	first := make(map[key]string)
	var out []model.Problem
	sorted := slices.Clone(parts)
	slices.SortStableFunc(sorted, func(a, b *permSetPart) int { return strings.Compare(a.ps.File, b.ps.File) })
	for _, p := range sorted {
		if !p.main {
			continue
		}
		k := key{p.ps.Kind, p.group}
		if f, ok := first[k]; ok {
			sp := p.ps.Root
			if !sp.IsValid() {
				sp = loc.FileSpan(p.ps.File)
			}
			out = append(out, model.Problem{Span: sp, Message: fmt.Sprintf(
				"duplicate component: %s %q is also defined in %s; Salesforce allows one definition per component",
				p.ps.Kind, p.ps.Name, f)})
			continue
		}
		first[k] = p.ps.File
	}
	return out
}
