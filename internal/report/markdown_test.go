package report

import "testing"

func TestPlainText(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"heading", "# Title\n\n## Sub ##\ntext", "Title\n\nSub\ntext"},
		{"not a heading", "#hashtag and C# code", "#hashtag and C# code"},
		{"strong and emphasis", "**bold** and *it* and _it_ here", "bold and it and it here"},
		{"intra-word underscores", "Set Account.Field__c and my_var_name", "Set Account.Field__c and my_var_name"},
		{"bullets", "* one *two*\n- three", "* one two\n- three"},
		{"inline code", "Use `<enabled>` and ``a ` b``", "Use <enabled> and a ` b"},
		{"code keeps markup", "`**x**`", "**x**"},
		{"link", "See [the docs](https://x.test/a) or [https://y.test](https://y.test)", "See the docs (https://x.test/a) or https://y.test"},
		{"autolink", "Go to <https://x.test/>.", "Go to https://x.test/."},
		{"escapes", `a \*literal\* star and \_under\_`, "a *literal* star and _under_"},
		{"fence", "Example:\n\n```xml\n<a>\n  <b/>\n</a>\n```\nafter", "Example:\n\n    <a>\n      <b/>\n    </a>\nafter"},
		{"tilde fence with markup inside", "~~~\n# not a heading **x**\n~~~", "    # not a heading **x**"},
		{"crlf and trailing blanks", "line 1\r\nline 2\r\n\r\n", "line 1\nline 2"},
		{"unclosed backtick", "a ` b", "a ` b"},
	} {
		if got := plainText(tc.in); got != tc.want {
			t.Errorf("%s: plainText(%q) =\n%q\nwant\n%q", tc.name, tc.in, got, tc.want)
		}
	}
}
