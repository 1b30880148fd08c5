package model

import "strings"

// ValidNamespace reports whether s is a well-formed namespace prefix: a
// letter, then letters, digits and single underscores, at most 15
// characters, not ending in "_".
func ValidNamespace(s string) bool {
	if s == "" || len(s) > 15 || !isLetter(s[0]) || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// SplitNamespace splits "ns__Name" into "ns" and "Name". ok is false when
// name has no well-formed namespace prefix: the part before the first "__"
// must be a namespace and the part after it must not be empty. It is meant
// for developer names of credential metadata, which contain "__" only
// after a namespace; a custom object name such as "Score__c" would split.
func SplitNamespace(name string) (ns, local string, ok bool) {
	ns, local, ok = strings.Cut(name, "__")
	if !ok || local == "" || !ValidNamespace(ns) {
		return "", name, false
	}
	return ns, local, true
}
