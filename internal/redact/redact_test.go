package redact

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bestsms/terraform-provider-bestsms/internal/redact/redacttest"
)

// Secrets with the characters that escape differently in each form.
var testSecrets = []string{
	"S3cr3t/P@ss",
	"Tr0ub4dor&3 ü",
	`q"u<o>t\e%2F+x`,
	"emoji😀pass",
	"ab1",
	"eyJhbGciOiJIUzI1NiJ9.test-secret-token",
}

// checkNoLeak fails when text shows any run of secret in any form.
func checkNoLeak(t *testing.T, what, text, secret string) {
	t.Helper()
	if leak := redacttest.Leak(text, secret); leak != "" {
		t.Errorf("%s: %q shows %s of %q", what, text, leak, secret)
	}
}

func TestMaskHidesEveryFormOfTheSecret(t *testing.T) {
	for _, secret := range testSecrets {
		m := New(secret)
		for _, e := range redacttest.Forms {
			for _, frame := range []string{"%s", "error: %s.", `{"error":"bad sub_account_pass=%s&action=x"}`, "<pre>%s</pre>", "%s%s"} {
				text := strings.ReplaceAll(frame, "%s", e.Enc(secret))
				got := m.Mask(text)
				checkNoLeak(t, e.Name, got, secret)
				if !strings.Contains(got, Replacement) {
					t.Errorf("%s: %q: nothing masked in %q", e.Name, secret, text)
				}
			}
		}
	}
}

// A secret near every cut point: cut by Quote at every length, or cut by
// the server itself (a prefix of the secret ends the text), or starting
// with a suffix of it.
func TestQuoteNeverShowsARunOfTheSecretAtAnyCut(t *testing.T) {
	for _, secret := range testSecrets {
		m := New(secret, "other-secret")
		for _, e := range redacttest.Forms {
			form := e.Enc(secret)
			text := "HTTP 500: request was sub_account_pass=" + form + "&action=send_sms and more text after it"
			for limit := 0; limit <= len(text)+2; limit++ {
				got := m.Quote(text, limit)
				checkNoLeak(t, fmt.Sprintf("%s, cut at %d", e.Name, limit), got, secret)
				if len(got) > limit+len("…") {
					t.Fatalf("Quote(%d) = %d bytes", limit, len(got))
				}
				if !utf8.ValidString(got) {
					t.Fatalf("Quote(%d) = %q is not valid UTF-8", limit, got)
				}
			}
			for k := 0; k <= len(form); k++ {
				cutByServer := "echo: " + form[:k]
				checkNoLeak(t, fmt.Sprintf("%s, prefix of %d bytes", e.Name, k), m.Mask(cutByServer), secret)
				startsInside := form[k:] + " (echo)"
				checkNoLeak(t, fmt.Sprintf("%s, suffix from byte %d", e.Name, k), m.Mask(startsInside), secret)
			}
		}
	}
}

func TestMaskKeepsOtherText(t *testing.T) {
	m := New("S3cr3t/P@ss")
	for _, text := range []string{
		"", "Incorrect sub_account name or password", "S3cr3", "S3cr3 t/P@s", "%53%33%63%72%33 x",
		"&amp; &#64; \\u0040 %40 + é 😀", `{"error":"no record found","error_code":"10"}`,
	} {
		if got := m.Mask(text); got != text {
			t.Errorf("Mask(%q) = %q, want it unchanged", text, got)
		}
	}
	if got := m.Mask("a S3cr3t/P@ss b S3cr3t%2FP%40ss c"); got != "a *** b *** c" {
		t.Errorf("Mask = %q", got)
	}
	if got := (*Masker)(nil).Mask("S3cr3t"); got != "S3cr3t" {
		t.Errorf("nil Masker: %q", got)
	}
	if got := New("").Mask("x"); got != "x" {
		t.Errorf("empty secret: %q", got)
	}
}

func TestQuoteReadsOnlyWhatCanReachTheQuote(t *testing.T) {
	m := New("S3cr3t/P@ss")
	big := strings.Repeat("x", 190) + "S3cr3t%2FP%40ss" + strings.Repeat("y", 32<<20)
	got := m.Quote(big, 200)
	if got != strings.Repeat("x", 190)+"***"+strings.Repeat("y", 7)+"…" {
		t.Errorf("Quote = %q", got)
	}
	allocs := testing.AllocsPerRun(3, func() { _ = m.Quote(big, 200) })
	if allocs > 2000 {
		t.Errorf("Quote of a 32 MiB text: %v allocations", allocs)
	}
}

func TestCut(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"}, {"abcd", 3, "abc…"}, {"aé", 2, "a…"}, {"😀x", 3, "…"}, {"abc", -1, "…"},
	} {
		if got := Cut(tc.in, tc.n); got != tc.want {
			t.Errorf("Cut(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestErrorKeepsTheChain(t *testing.T) {
	m := New("S3cr3t/P@ss")
	inner := fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF)
	if got := m.Error(inner); got != inner || IsMasked(got) {
		t.Errorf("an error without the secret is returned as is: %v", got)
	}
	leaky := fmt.Errorf("echo S3cr3t\\/P@ss: %w", io.ErrUnexpectedEOF)
	got := m.Error(leaky)
	if got.Error() != "echo ***: unexpected EOF" || !errors.Is(got, io.ErrUnexpectedEOF) || !IsMasked(got) {
		t.Errorf("masked error = %v", got)
	}
	if m.Error(nil) != nil {
		t.Error("Error(nil) is not nil")
	}
}

// FuzzMask: whatever the text, no run of the secret survives, in the forms
// the encoders write.
func FuzzMask(f *testing.F) {
	f.Add("x S3cr3t/P@ss y", 10)
	f.Add(`S3cr3t\/P&#64;ss`, 5)
	f.Add("%53%33%63%72%33%74", 3)
	m := New("S3cr3t/P@ss")
	f.Fuzz(func(t *testing.T, text string, limit int) {
		for _, e := range redacttest.Forms[:4] {
			in := text + e.Enc("S3cr3t/P@ss") + text
			got := m.Quote(in, limit%512)
			checkNoLeak(t, e.Name, got, "S3cr3t/P@ss")
		}
	})
}

func TestURLDropsCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"http://gw.example/api_v1?sub_account=a&sub_account_pass=S3cr3t": "http://gw.example/api_v1",
		"https://user:S3cr3t@gw.example:8443/api_v1#frag":                "https://gw.example:8443/api_v1",
		"ftp://u:p@x/y?sub_account_pass=S3cr3t":                          "ftp://x/y",
		"gw.example/api_v1?pass=S3cr3t":                                  "gw.example/api_v1",
		"u:S3cr3t@gw.example":                                            "gw.example",
		"http://[::1/x?p=S3cr3t":                                         "http://[::1/x",
		"http://a@b@c/x":                                                 "http://c/x",
		"http://h/p@q":                                                   "http://h/p@q",
	} {
		if got := URL(in); got != want {
			t.Errorf("URL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFieldsMasksText(t *testing.T) {
	m := New("S3cr3t/P@ss")
	in := map[string]any{"s": "a S3cr3t/P@ss", "e": errors.New("S3cr3t%2FP%40ss"), "n": 7, "u": stringer("S3cr3t/P@ss")}
	got := m.Fields(in)
	if got["s"] != "a ***" || got["e"] != "***" || got["n"] != 7 || got["u"] != "***" || in["s"] != "a S3cr3t/P@ss" {
		t.Errorf("Fields = %v (input %v)", got, in)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }
