package project

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/nclint/nclint/internal/model"
	"github.com/nclint/nclint/internal/safeio"
)

// ProjectFileName is the name of the Salesforce DX project file.
const ProjectFileName = "sfdx-project.json"

// ConfigError is a sfdx-project.json that is not valid JSON or whose
// fields have the wrong JSON type. The Salesforce CLI refuses such a
// project, and so does Discover.
type ConfigError struct {
	// File is the path of sfdx-project.json.
	File string
	// Line and Col locate the error (1-based; Col counts Unicode code
	// points). They are 0 when the position is unknown.
	Line, Col int
	// Err is the underlying encoding/json error.
	Err error
}

// Error formats the error as "file:line:col: message".
func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: invalid %s: %v", e.File, ProjectFileName, e.Err)
	}
	return fmt.Sprintf("%s:%d:%d: invalid %s: %v", e.File, e.Line, e.Col, ProjectFileName, e.Err)
}

// Unwrap returns the encoding/json error.
func (e *ConfigError) Unwrap() error { return e.Err }

// projectJSON is the part of sfdx-project.json discovery reads.
type projectJSON struct {
	PackageDirectories []struct {
		Path *string `json:"path"`
	} `json:"packageDirectories"`
	Namespace             string          `json:"namespace"`
	SourceAPIVersion      json.RawMessage `json:"sourceApiVersion"`
	SourceBehaviorOptions []string        `json:"sourceBehaviorOptions"`
	RegistryPresets       []string        `json:"registryPresets"`
	Replacements          []struct {
		StringToReplace string `json:"stringToReplace"`
		RegexToReplace  string `json:"regexToReplace"`
	} `json:"replacements"`
}

// projectFile is what readProjectFile extracted.
type projectFile struct {
	settings model.Settings
	// dirs are the package directory paths, slash-separated and cleaned,
	// in file order without duplicates.
	dirs    []string
	notices []model.Notice
}

// findProjectFile returns the nearest sfdx-project.json at or above dir,
// or "" when there is none up to the file system root.
func findProjectFile(dir string) string {
	for {
		file := filepath.Join(dir, ProjectFileName)
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() {
			return file
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// PackageManifest is the manifest file at the root of a Metadata API format tree.
const PackageManifest = "package.xml"

// findPackageRoot returns the nearest directory at or above dir that holds
// package.xml (the root of a Metadata API format tree), or "".
func findPackageRoot(dir string) string {
	for {
		if fi, err := os.Stat(filepath.Join(dir, PackageManifest)); err == nil && fi.Mode().IsRegular() {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// maxManifestSize is the largest package.xml whose <version> is read.
const maxManifestSize = 50 << 20

// readManifestVersion returns the <version> of the package.xml in dir, ""
// when there is none. A package.xml that cannot be read or decoded gives a
// warning notice and "".
func readManifestVersion(dir string) (string, *model.Notice) {
	data, err := safeio.ReadFile(filepath.Join(dir, PackageManifest), safeio.Options{Root: dir, MaxSize: maxManifestSize})
	if err != nil {
		if isNotExist(err) {
			return "", nil
		}
		return "", &model.Notice{File: PackageManifest, Warning: true,
			Message: fmt.Sprintf("API version not read: %v", safeio.Cause(err))}
	}
	var m struct {
		Version string `xml:"version"`
	}
	if err := xml.Unmarshal(data, &m); err != nil {
		return "", &model.Notice{File: PackageManifest, Warning: true,
			Message: fmt.Sprintf("API version not read: package.xml is not well-formed XML: %v", err)}
	}
	return strings.TrimSpace(m.Version), nil
}

// readProjectFile reads and decodes sfdx-project.json. It must be a
// regular file of at most safeio.MaxConfigSize bytes inside its directory
// (the project root) after resolving symbolic links.
func readProjectFile(file string) (*projectFile, error) {
	data, err := safeio.ReadFile(file, safeio.Options{Root: filepath.Dir(file), MaxSize: safeio.MaxConfigSize})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, safeio.Cause(err))
	}
	return decodeProjectFile(file, data)
}

// decodeProjectFile decodes the contents of sfdx-project.json. Syntax and
// JSON type errors become a *ConfigError with a position.
func decodeProjectFile(file string, data []byte) (*projectFile, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var pj projectJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		return nil, jsonError(file, data, err)
	}
	pf := &projectFile{}
	s := &pf.settings
	s.ProjectFile = ProjectFileName
	s.Namespace = strings.TrimSpace(pj.Namespace)
	if v := bytes.TrimSpace(pj.SourceAPIVersion); len(v) > 0 && !bytes.Equal(v, []byte("null")) {
		var str string
		var num json.Number
		switch {
		case json.Unmarshal(v, &str) == nil:
			s.SourceAPIVersion = str
		case json.Unmarshal(v, &num) == nil:
			s.SourceAPIVersion = num.String()
		default:
			pf.notices = append(pf.notices, model.Notice{File: ProjectFileName, Warning: true,
				Message: fmt.Sprintf("sourceApiVersion should be a string like \"62.0\", not %s; ignored", safeio.Excerpt(string(v)))})
		}
	}
	s.SourceBehaviorOptions = appendUnique(s.SourceBehaviorOptions, pj.SourceBehaviorOptions...)
	s.SourceBehaviorOptions = appendUnique(s.SourceBehaviorOptions, pj.RegistryPresets...)
	for _, r := range pj.Replacements {
		if r.StringToReplace != "" {
			s.ReplacementTokens = appendUnique(s.ReplacementTokens, r.StringToReplace)
		}
		if r.RegexToReplace != "" {
			s.ReplacementPatterns = appendUnique(s.ReplacementPatterns, r.RegexToReplace)
		}
	}

	for i, d := range pj.PackageDirectories {
		if d.Path == nil || strings.TrimSpace(*d.Path) == "" {
			pf.notices = append(pf.notices, model.Notice{File: ProjectFileName, Warning: true,
				Message: fmt.Sprintf("packageDirectories[%d] has no path; skipped", i)})
			continue
		}
		p := filepath.ToSlash(strings.TrimSpace(*d.Path))
		if path.IsAbs(p) || filepath.IsAbs(p) {
			rel, err := filepath.Rel(filepath.Dir(file), filepath.FromSlash(p))
			if err != nil {
				pf.notices = append(pf.notices, model.Notice{File: ProjectFileName, Warning: true,
					Message: fmt.Sprintf("package directory %s cannot be made relative to the project root: %v; skipped", safeio.Quote(*d.Path), err)})
				continue
			}
			p = filepath.ToSlash(rel)
		}
		p = path.Clean(p)
		if p == ".." || strings.HasPrefix(p, "../") {
			pf.notices = append(pf.notices, model.Notice{File: ProjectFileName, Warning: true,
				Message: fmt.Sprintf("package directory %s is outside the project root; not scanned", safeio.Quote(*d.Path))})
			continue
		}
		pf.dirs = appendUnique(pf.dirs, p)
	}
	if len(pj.PackageDirectories) == 0 {
		pf.notices = append(pf.notices, model.Notice{File: ProjectFileName, Warning: true,
			Message: "sfdx-project.json lists no packageDirectories (the Salesforce CLI requires at least one); scanning the whole project directory"})
		pf.dirs = []string{"."}
	}
	return pf, nil
}

// jsonError turns an encoding/json error into a *ConfigError with
// the line and column of the offending byte.
func jsonError(file string, data []byte, err error) error {
	var off int64 = -1
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = syn.Offset - 1 // Offset counts the offending byte
		if strings.HasPrefix(syn.Error(), "unexpected end") {
			off = int64(len(data))
		}
	case errors.As(err, &typ):
		off = typ.Offset - 1 // the last byte of the value of the wrong type
	}
	e := &ConfigError{File: file, Err: err}
	if off >= 0 {
		e.Line, e.Col = lineCol(data, int(off))
	}
	return e
}

// lineCol returns the 1-based line and column (in code points) of byte
// offset off in data; off is clamped to the data.
func lineCol(data []byte, off int) (line, col int) {
	off = max(0, min(off, len(data)))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte("\n")) + 1, utf8.RuneCount(data[start:off]) + 1
}

// appendUnique appends the values of add not yet in list.
func appendUnique(list []string, add ...string) []string {
	for _, a := range add {
		found := false
		for _, l := range list {
			if l == a {
				found = true
				break
			}
		}
		if !found {
			list = append(list, a)
		}
	}
	return list
}

// isNotExist reports whether err says a path does not exist (or a path
// component is not a directory).
func isNotExist(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}
