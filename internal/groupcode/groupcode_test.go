package groupcode

import (
	"strings"
	"testing"
)

func TestFromName(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Test Group", "Test_Group"},
		{"On Call Team", "On_Call_Team"},
		{"  Padded  Name ", "Padded_Name"},
		{"tab\tand\nnewline", "tab_and_newline"},
		{"Already_Coded", "Already_Coded"},
		{"Kebab-Case Team", "Kebab-Case_Team"},
		{"Ünïcode Grüppe", "Ünïcode_Grüppe"},
		{"", ""},
		{"   ", ""},
	} {
		if got := FromName(tc.name); got != tc.want {
			t.Errorf("FromName(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDotSegment(t *testing.T) {
	for s, want := range map[string]bool{
		".": true, "..": true, "...": true, ".. ": true, "%2E%2E": true, "%2e.": true, "%252E%252e": true,
		"a/..": true, "../b": true, `a\..\b`: true, "a%2F..%2Fb": true, "a%2f%2e%2e": true,
		"": false, "a.b": false, ".a": false, "a..": false, "..a": false, "On_Call": false, "%2Ex": false,
		"100%": false, "%zz..": false, " ..": false,
	} {
		if got := DotSegment(s); got != want {
			t.Errorf("DotSegment(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	if err := Check("On_Call_Team"); err != nil {
		t.Errorf("Check(On_Call_Team) = %v", err)
	}
	if err := Check(".."); err == nil || !strings.Contains(err.Error(), `"..", also percent-encoded`) {
		t.Errorf("Check(..) = %v", err)
	}
	if got := FromName(" .. "); Check(got) == nil {
		t.Errorf("the code %q derived from a name that is two dots passes Check", got)
	}
}
