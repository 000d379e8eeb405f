package framework

import (
	"strings"
	"testing"
)

func TestCheckEmail(t *testing.T) {
	for _, ok := range []string{"", "  ", "ana.lima@example.com", "a@b", "o'brien+staff@mail.example.co.nz",
		"zoë@bücher.example", "ops@[192.0.2.1]", " padded@example.com "} {
		if err := CheckEmail(ok); err != nil {
			t.Errorf("CheckEmail(%q) = %v, want nil", ok, err)
		}
	}
	for in, want := range map[string]string{
		"isla.scott2.example.com":          `has no "@"`,
		"@example.com":                     `nothing comes before the "@"`,
		"ana@":                             `no domain comes after the "@"`,
		"ana@example..com":                 `"example..com" is not a domain`,
		"ana@-example.com":                 `is not a domain`,
		"ana@exa mple.com":                 `is not a domain`,
		"Ana Lima <ana@example.com>":       `is not a domain`,
		"ana lima@example.com":             `not a plain address`,
		"ana@example.com, bob@example.com": `not a plain address`,
		"ana@@example.com":                 `not a plain address`,
	} {
		err := CheckEmail(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckEmail(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}
