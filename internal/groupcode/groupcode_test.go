package groupcode

import "testing"

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
