package apex

// kwClass classifies an identifier for the reference scanner.
type kwClass uint8

const (
	kwNone    kwClass = iota // an ordinary identifier
	kwType                   // a primitive or built-in collection type keyword
	kwOther                  // any other reserved word
	kwContext                // a contextual word: a keyword in one place, a name elsewhere
)

// keywords holds Apex reserved words (from the Apex Developer Guide list,
// including those reserved for future use) and the contextual words that
// appear in declarations (with sharing, get, after insert, transient),
// lower-cased. None of them can name a user class.
var keywords = map[string]kwClass{}

func init() {
	for _, w := range []string{
		"blob", "boolean", "date", "datetime", "decimal", "double", "id",
		"integer", "long", "object", "string", "time", "sobject", "list",
		"map", "set", "void", "exception", "bigdecimal", "byte", "char",
		"currency", "float", "int", "number", "short",
	} {
		keywords[w] = kwType
	}
	for _, w := range []string{
		"abstract", "activate", "and", "any", "array", "as", "asc",
		"autonomous", "begin", "break", "bulk", "by", "case", "cast",
		"catch", "class", "collect", "commit", "const", "continue",
		"default", "delete", "desc", "do", "else", "end", "enum", "exit",
		"export", "extends", "false", "final", "finally", "for", "from",
		"global", "goto", "group", "having", "hint", "if", "implements",
		"import", "in", "inner", "insert", "instanceof", "interface", "into",
		"join", "like", "limit", "loop", "merge", "new", "not", "null",
		"nulls", "of", "on", "or", "outer", "override", "package",
		"parallel", "pragma", "private", "protected", "public", "retrieve",
		"return", "rollback", "select", "sort", "static", "super", "switch",
		"synchronized", "system", "testmethod", "then", "this", "throw",
		"transaction", "trigger", "true", "try", "undelete", "update",
		"upsert", "using", "virtual", "webservice", "when", "where", "while",
	} {
		keywords[w] = kwOther
	}
	for _, w := range []string{
		"with", "without", "inherited", "sharing", "get", "after", "before",
		"transient",
	} {
		keywords[w] = kwContext
	}
}

// maxKeywordLen is the length of the longest keyword.
const maxKeywordLen = 12 // "synchronized"

// classify returns the keyword class of an identifier, case-insensitively,
// without allocating.
func classify(s string) kwClass {
	if len(s) > maxKeywordLen {
		return kwNone
	}
	var buf [maxKeywordLen]byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return keywords[string(buf[:len(s)])]
}

// modifiers are the declaration modifiers kept in ApexType.Modifiers.
var modifiers = map[string]bool{
	"public": true, "private": true, "protected": true, "global": true,
	"static": true, "final": true, "abstract": true, "virtual": true,
	"override": true, "transient": true, "webservice": true,
	"testmethod": true, "with": true, "without": true, "inherited": true,
	"sharing": true,
}
