// Package redacttest is the tests' side of package redact: the escaped
// forms a server or proxy may echo a secret in, written independently of
// the Masker, and the check that a text shows no run of a secret in any of
// them. The client, gateway and provider tests share it.
package redacttest

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"sync"
	"unicode/utf16"
)

// MinRun mirrors redact.MinRun: the shortest run of a secret's characters
// a text may not show.
const MinRun = 6

// Form is one way of writing a text, character by character (so that the
// form of a part of a secret is a part of the form of the secret).
type Form struct {
	Name string
	Enc  func(string) string
}

func perRune(f func(r rune) string) func(string) string {
	return func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteString(f(r))
		}
		return b.String()
	}
}

func goJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b[1 : len(b)-1])
}

// phpJSON escapes as PHP's json_encode: \/ and \uXXXX (lower-case) for
// everything outside printable ASCII.
func phpJSON(r rune) string {
	switch {
	case r == '/' || r == '"' || r == '\\':
		return `\` + string(r)
	case r < 0x20 || r > 0x7e:
		var b strings.Builder
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&b, `\u%04x`, u)
		}
		return b.String()
	}
	return string(r)
}

// Forms are the escaped forms of the issue: literal, URL query-escaped
// (+ and %20 for a space, upper- and lower-case hex), path-escaped,
// JSON-escaped (\/, \uXXXX for any character), HTML-escaped (&amp;, &#64;,
// &#x40;, named entities), and some escapes inside others.
var Forms = []Form{
	{"literal", func(s string) string { return s }},
	{"query", perRune(func(r rune) string { return url.QueryEscape(string(r)) })},
	{"query %20", perRune(func(r rune) string { return strings.ReplaceAll(url.QueryEscape(string(r)), "+", "%20") })},
	{"query lower-case hex", perRune(func(r rune) string {
		if e := url.QueryEscape(string(r)); strings.HasPrefix(e, "%") {
			return strings.ToLower(e)
		}
		return string(r)
	})},
	{"path", perRune(func(r rune) string { return url.PathEscape(string(r)) })},
	{"every byte percent-escaped", perRune(func(r rune) string {
		var b strings.Builder
		for _, c := range []byte(string(r)) {
			fmt.Fprintf(&b, "%%%02X", c)
		}
		return b.String()
	})},
	{"json (Go)", perRune(func(r rune) string { return goJSON(string(r)) })},
	{"json (PHP)", perRune(phpJSON)},
	{`json \u for every character`, perRune(func(r rune) string {
		if r > 0xffff {
			return phpJSON(r)
		}
		return fmt.Sprintf(`\u%04x`, r)
	})},
	{"json upper-case hex", perRune(func(r rune) string {
		if e := phpJSON(r); strings.HasPrefix(e, `\u`) {
			return strings.ReplaceAll(strings.ToUpper(e), `\U`, `\u`)
		}
		return string(r)
	})},
	{"go %+q", perRune(func(r rune) string { q := fmt.Sprintf("%+q", string(r)); return q[1 : len(q)-1] })},
	{"html", perRune(func(r rune) string { return html.EscapeString(string(r)) })},
	{"html decimal", perRune(func(r rune) string { return fmt.Sprintf("&#%d;", r) })},
	{"html hex", perRune(func(r rune) string { return fmt.Sprintf("&#x%X;", r) })},
	{"html hex lower-case, no semicolon", perRune(func(r rune) string { return fmt.Sprintf("&#x%x", r) })},
	{"html named", perRune(func(r rune) string {
		if e, ok := map[rune]string{'/': "&sol;", '@': "&commat;", '&': "&amp;", '<': "&lt;", '"': "&quot;", '.': "&period;"}[r]; ok {
			return e
		}
		return string(r)
	})},
	{"query inside json", perRune(func(r rune) string { return jsonOf(url.QueryEscape(string(r))) })},
	{"query inside query", perRune(func(r rune) string { return url.QueryEscape(url.QueryEscape(string(r))) })},
	{"json inside html", perRune(func(r rune) string { return html.EscapeString(goJSON(string(r))) })},
}

func jsonOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(phpJSON(r))
	}
	return b.String()
}

// Leak returns what text shows of secret: the first run of MinRun
// characters (or the whole secret when shorter) found in any form, with
// the form's name; "" when there is none.
func Leak(text, secret string) string {
	for _, r := range runsOf(secret) {
		if strings.Contains(text, r.text) {
			return r.what
		}
	}
	return ""
}

// run is one run of a secret in one form.
type run struct{ text, what string }

// runs caches the runs of each secret.
var (
	runsMu sync.Mutex
	runs   = map[string][]run{}
)

func runsOf(secret string) []run {
	runsMu.Lock()
	defer runsMu.Unlock()
	if rs, ok := runs[secret]; ok {
		return rs
	}
	runes := []rune(secret)
	n := min(MinRun, len(runes))
	var rs []run
	for _, f := range Forms {
		for i := 0; i+n <= len(runes); i++ {
			w := f.Enc(string(runes[i : i+n]))
			rs = append(rs, run{w, fmt.Sprintf("%q (%s form of characters %d to %d)", w, f.Name, i+1, i+n)})
		}
	}
	runs[secret] = rs
	return rs
}
