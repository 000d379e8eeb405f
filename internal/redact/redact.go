// Package redact hides secrets (the REST auth token, the gateway password)
// in text that is about to be shown: an error that quotes an answer, a
// trace log of a body. Each client has one Masker and sends every text it
// quotes through it (contributing/architecture.md §2).
//
// A server or proxy that echoes a request does not echo it as it was sent:
// it may write it query-escaped (%2F or %2f, a space as + or %20),
// path-escaped, JSON-escaped (\/, \u0040 for any character), HTML-escaped
// (&amp;, &#64;, &#x40;, named entities), or one of these inside another.
// A Masker finds a secret in all of these forms, character by character, so
// that a text mixing them (S3cr3t\/P%40ss) is found too. Quoting cuts a
// text to a length, and a server may cut its own answer: a Masker therefore
// hides every run of MinRun or more consecutive characters of a secret, not
// only the whole secret, and Quote masks before it cuts. After masking, no
// MinRun consecutive characters of a secret are left, in any of the forms.
package redact

import (
	"errors"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// MinRun is the shortest run of a secret's consecutive characters that is
// masked; a secret shorter than MinRun is masked when it appears whole.
const MinRun = 6

// Replacement is what a masked run becomes.
const Replacement = "***"

// maxUnit is the longest escape a Masker reads as one character
// (&#x0001F600; or \UXXXXXXXX).
const maxUnit = 12

// Masker hides a fixed set of secrets. The zero Masker hides nothing. It
// is safe for concurrent use.
type Masker struct {
	targets []target
	// bytes marks the bytes any target holds: a character that decodes
	// to none of them starts no run.
	bytes [256]bool
	// longest is the byte length of the longest target.
	longest int
}

// target is one spelling of a secret that the character-wise decoding of a
// text is compared with: the secret itself, and its escaped forms, so that
// an escape inside an escape (%2540, \u0025) is found as well.
type target struct {
	b []byte
	// at lists, for each byte, where it occurs in b.
	at *[256][]int
	// minRun is the number of runes a matched run must have.
	minRun int
}

// New returns a Masker for secrets; empty secrets are ignored.
func New(secrets ...string) *Masker {
	m := &Masker{}
	seen := map[string]bool{}
	for _, s := range secrets {
		if s == "" {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s), jsonEscape(s), html.EscapeString(s)} {
			if seen[form] {
				continue
			}
			seen[form] = true
			t := target{b: []byte(form), at: &[256][]int{}, minRun: min(MinRun, utf8.RuneCountInString(form))}
			for i := range len(form) {
				m.bytes[form[i]] = true
				t.at[form[i]] = append(t.at[form[i]], i)
			}
			m.targets = append(m.targets, t)
			m.longest = max(m.longest, len(form))
		}
	}
	return m
}

// jsonEscape writes s as PHP's json_encode does inside a string: \" \\ \/
// and \uXXXX for control and non-ASCII characters.
func jsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '"' || r == '\\' || r == '/':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			for _, u := range utf16.Encode([]rune{r}) {
				b.WriteString(`\u`)
				b.WriteString(strconv.FormatUint(uint64(u)|0x10000, 16)[1:])
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Mask returns text with every run of a secret (see the package comment)
// replaced by Replacement.
func (m *Masker) Mask(text string) string {
	if m == nil || len(m.targets) == 0 || text == "" {
		return text
	}
	var out strings.Builder
	last := 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf && !m.bytes[c] && !escapeStart(c) {
			i++ // neither part of a secret nor the start of an escape
			continue
		}
		if end := m.longestRun(text, i); end > i {
			if out.Len() == 0 {
				out.Grow(len(text))
			}
			out.WriteString(text[last:i])
			out.WriteString(Replacement)
			i, last = end, end
			continue
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	if last == 0 {
		return text
	}
	out.WriteString(text[last:])
	return out.String()
}

// Quote masks text and cuts it to at most limit bytes (on a character
// boundary, marking the cut with "…"). Only the part of text that can
// reach the quote is read, so a large answer costs little; a secret that
// starts before the cut is masked as a whole.
func (m *Masker) Quote(text string, limit int) string {
	window := limit + 1 + maxUnit*m.longestTarget() + maxUnit
	if len(text) > window {
		text = text[:window]
	}
	return Cut(m.Mask(text), limit)
}

func (m *Masker) longestTarget() int {
	if m == nil {
		return 0
	}
	return m.longest
}

// Cut shortens text to at most limit bytes, on a character boundary,
// marking the cut with "…". It does not mask: cut only masked text.
func Cut(text string, limit int) string {
	if len(text) <= limit {
		return text
	}
	cut := max(limit, 0)
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut] + "…"
}

// Error returns err with its text masked, keeping err for errors.Is and
// errors.As; err itself when its text holds no secret.
func (m *Masker) Error(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	masked := m.Mask(text)
	if masked == text {
		return err
	}
	return &maskedError{err: err, text: masked}
}

// Fields returns a copy of a log entry's fields with every value that is
// text (a string, an error, a fmt.Stringer) masked.
func (m *Masker) Fields(in map[string]any) map[string]any {
	out := make(map[string]any, len(in))
	for k, v := range in {
		switch x := v.(type) {
		case string:
			v = m.Mask(x)
		case error:
			v = m.Mask(x.Error())
		case fmt.Stringer:
			v = m.Mask(x.String())
		}
		out[k] = v
	}
	return out
}

// maskedError shows a masked text and unwraps to the error it masks.
type maskedError struct {
	err  error
	text string
}

func (e *maskedError) Error() string { return e.text }
func (e *maskedError) Unwrap() error { return e.err }

// IsMasked reports whether err's text was masked by a Masker.
func IsMasked(err error) bool {
	var me *maskedError
	return errors.As(err, &me)
}

// longestRun returns the end of the longest run of a secret that starts at
// text[i:], or i when none of MinRun characters (or a whole short secret)
// starts there.
func (m *Masker) longestRun(text string, i int) int {
	best := i
	var buf [3]unit
	here := units(text, i, buf[:0])
	for _, t := range m.targets {
		for h := range here {
			u := &here[h]
			if !m.bytes[u.b[0]] {
				continue
			}
			ub := u.bytes()
			for _, j := range t.at[ub[0]] {
				if j+len(ub) > len(t.b) || string(t.b[j:j+len(ub)]) != string(ub) {
					continue
				}
				end, k := extend(text, u.next, t.b, j+len(ub))
				if end > best && utf8.RuneCount(t.b[j:k]) >= t.minRun {
					best = end
				}
			}
		}
	}
	return best
}

// extend follows t from t[k:] through the characters of text from pos,
// trying each reading of each character, and returns where the longest
// match ends in text and in t.
func extend(text string, pos int, t []byte, k int) (int, int) {
	bestPos, bestK := pos, k
	if k == len(t) || pos >= len(text) {
		return bestPos, bestK
	}
	if c := text[pos]; c < utf8.RuneSelf && !escapeStart(c) {
		if c != t[k] {
			return bestPos, bestK
		}
		return extend(text, pos+1, t, k+1) // the common case: a plain character
	}
	var buf [3]unit
	here := units(text, pos, buf[:0])
	for h := range here {
		ub := here[h].bytes()
		if k+len(ub) > len(t) || string(t[k:k+len(ub)]) != string(ub) {
			continue
		}
		if p, kk := extend(text, here[h].next, t, k+len(ub)); kk > bestK {
			bestPos, bestK = p, kk
		}
	}
	return bestPos, bestK
}

// escapeStart reports whether c may start an escape (see units).
func escapeStart(c byte) bool { return c == '%' || c == '\\' || c == '&' || c == '+' }

// unit is one reading of the character at a position: its bytes and where
// the next character starts.
type unit struct {
	b    [utf8.UTFMax]byte
	n    int
	next int
}

func (u *unit) bytes() []byte { return u.b[:u.n] }

func byteUnit(c byte, next int) unit { return unit{b: [utf8.UTFMax]byte{c}, n: 1, next: next} }

func runeUnit(r rune, next int) unit {
	u := unit{next: next}
	u.n = utf8.EncodeRune(u.b[:], r)
	return u
}

// units appends to out every reading of the character at text[i:]: the
// character itself, and what it decodes to when it starts an escape.
func units(text string, i int, out []unit) []unit {
	_, size := utf8.DecodeRuneInString(text[i:])
	lit := unit{n: size, next: i + size}
	copy(lit.b[:], text[i:i+size])
	out = append(out, lit)
	switch text[i] {
	case '+':
		out = append(out, byteUnit(' ', i+1))
	case '%':
		if v, ok := hexAt(text, i+1, 2); ok {
			out = append(out, byteUnit(byte(v), i+3))
		}
	case '\\':
		if u, ok := backslashEscape(text, i); ok {
			out = append(out, u)
		}
	case '&':
		if u, ok := htmlEntity(text, i); ok {
			out = append(out, u)
		}
	}
	return out
}

// hexAt reads n hexadecimal digits (either case) at text[i:].
func hexAt(text string, i, n int) (uint64, bool) {
	if i+n > len(text) {
		return 0, false
	}
	v, err := strconv.ParseUint(text[i:i+n], 16, 32) // no sign is accepted
	return v, err == nil
}

// simpleEscapes are the one-letter backslash escapes.
var simpleEscapes = map[byte]byte{'"': '"', '\\': '\\', '/': '/', '\'': '\'', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// backslashEscape reads a JSON (or Go) escape at text[i:], which starts
// with a backslash: \" \\ \/ \' \b \f \n \r \t \xHH \uXXXX (a surrogate
// pair as one character) and \UXXXXXXXX.
func backslashEscape(text string, i int) (unit, bool) {
	if i+1 >= len(text) {
		return unit{}, false
	}
	c := text[i+1]
	if b, ok := simpleEscapes[c]; ok {
		return byteUnit(b, i+2), true
	}
	switch c {
	case 'x':
		if v, ok := hexAt(text, i+2, 2); ok {
			return byteUnit(byte(v), i+4), true
		}
	case 'U':
		if v, ok := hexAt(text, i+2, 8); ok && utf8.ValidRune(rune(v)) {
			return runeUnit(rune(v), i+10), true
		}
	case 'u':
		v, ok := hexAt(text, i+2, 4)
		if !ok {
			return unit{}, false
		}
		r, next := rune(v), i+6
		if utf16.IsSurrogate(r) {
			if next+1 < len(text) && text[next] == '\\' && text[next+1] == 'u' {
				if lo, ok := hexAt(text, next+2, 4); ok {
					if pair := utf16.DecodeRune(r, rune(lo)); pair != utf8.RuneError {
						return runeUnit(pair, next+6), true
					}
				}
			}
			return unit{}, false
		}
		return runeUnit(r, next), true
	}
	return unit{}, false
}

// htmlEntity reads an HTML character reference at text[i:], which starts
// with an ampersand: &#64; &#x40; (the semicolon may be missing) or a
// named one such as &amp; or &commat;.
func htmlEntity(text string, i int) (unit, bool) {
	end := i + 1
	for end < len(text) && end-i < maxUnit+1 && text[end] != ';' && text[end] != '&' && text[end] > ' ' {
		end++
	}
	ref := text[i:end]
	if end < len(text) && text[end] == ';' {
		ref = text[i : end+1]
	}
	if strings.HasPrefix(ref, "&#") {
		// A numeric reference: its digits, up to a non-digit.
		digits, base := ref[2:], 10
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, base = digits[1:], 16
		}
		n := 0
		for n < len(digits) && isDigit(digits[n], base) {
			n++
		}
		if n == 0 {
			return unit{}, false
		}
		v, err := strconv.ParseUint(digits[:n], base, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return unit{}, false
		}
		next := i + (len(ref) - len(digits)) + n
		if next < len(text) && text[next] == ';' {
			next++
		}
		return runeUnit(rune(v), next), true
	}
	if !strings.HasSuffix(ref, ";") {
		return unit{}, false
	}
	if decoded := html.UnescapeString(ref); decoded != ref && utf8.RuneCountInString(decoded) == 1 {
		r, _ := utf8.DecodeRuneInString(decoded)
		return runeUnit(r, i+len(ref)), true
	}
	return unit{}, false
}

func isDigit(c byte, base int) bool {
	if base == 16 {
		return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
	}
	return '0' <= c && c <= '9'
}

// URL writes a configured URL for a message without what may hold a
// credential: its user information, query and fragment (the vendor
// documents GET URLs carrying sub_account_pass). It works on text that
// does not parse as a URL too, and cuts it to 200 bytes.
func URL(raw string) string {
	s := raw
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	if scheme, rest, ok := strings.Cut(s, "//"); ok {
		authority, path := rest, ""
		if i := strings.IndexByte(rest, '/'); i >= 0 {
			authority, path = rest[:i], rest[i:]
		}
		if i := strings.LastIndexByte(authority, '@'); i >= 0 {
			authority = authority[i+1:]
		}
		s = scheme + "//" + authority + path
	} else if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	return Cut(s, 200)
}
