// Package project discovers the metadata files of a Salesforce project:
// it finds sfdx-project.json, walks every package directory while honouring
// .forceignore, and classifies files by metadata type. It reads no metadata
// content beyond sfdx-project.json and .forceignore.
package project

import "github.com/nclint/nclint/internal/model"

// Role says what part of a component a file is.
type Role int

// File roles.
const (
	// RoleComponent is a component's main XML file (X.namedCredential-meta.xml,
	// X.crt-meta.xml, mdapi X.namedCredential, a .cls or .trigger, ...).
	RoleComponent Role = iota
	// RoleFragment is one file of a decomposed permission set
	// (permissionsets/<Name>/...); File.Name is the permission set's name.
	RoleFragment
	// RoleContent is the content file of a metadata-with-content component
	// (the X.crt beside X.crt-meta.xml).
	RoleContent
)

// File is one recognised metadata file.
type File struct {
	// Path is relative to the project root, with forward slashes.
	Path string
	// Abs is the absolute path on disk.
	Abs string
	// Kind is the metadata type.
	Kind model.Kind
	// Name is the component's developer name (for fragments, the permission set's).
	Name string
	Role Role
	// PackageDir is the package directory holding the file (relative to the
	// root, slash-separated), "" when the tree has no sfdx-project.json.
	PackageDir string
	// Namespace is the namespace of the package directory ("" for none).
	Namespace string
	// Size is the file size in bytes.
	Size int64
	// Stamp identifies the version of the file discovery saw (its size,
	// times and inode; see Stamp).
	Stamp Stamp
}

// Project is the result of discovery.
type Project struct {
	// Root is the absolute project root: the directory of sfdx-project.json,
	// or the directory given when there is none.
	Root     string
	Settings model.Settings
	// PackageDirs are the scanned directories relative to Root ("." when the
	// whole root is scanned).
	PackageDirs []string
	// Files are the recognised files, sorted by Path.
	Files []File
	// Problems are metadata-layout problems found during discovery, reported
	// by NC901 (for example decomposed permission set files in a project
	// that does not declare the decompose preset).
	Problems []model.Problem
	// Notices are paths that could not be read or were skipped for a reason
	// the user should know (unreadable directory, symlink loop, .forceignore
	// line with a backslash).
	Notices []model.Notice
	// Unread are the paths (relative to Root) that could not be read: a
	// directory that could not be listed, a metadata file that could not
	// be examined (a broken symbolic link). Each also has a Notice.
	Unread []string
	// Target is the path given to Discover, relative to Root with forward
	// slashes, when it is a file or a directory below Root (for example a
	// changed file in pre-commit mode); "" when it is Root itself. Files
	// still lists the whole project; filter with InTarget.
	Target string
}
