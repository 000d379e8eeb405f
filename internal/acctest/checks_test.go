package acctest

import (
	"strings"
	"testing"
)

func TestExactlyOneError(t *testing.T) {
	re := ExactlyOneError("Invalid Phone Number", `not a valid`)
	one := "Planning failed.\n\nError: Invalid Phone Number\n\n  with action.bestsms_message.x,\n\n\"0421 00\" is not a valid phone number\nin AU\n"
	two := one + "\nError: Invalid Phone Number\n\n  on line 1\n"
	other := one + "\nError: Invalid Attribute Value\n"
	if !re.MatchString(one) {
		t.Errorf("one error not matched")
	}
	indented := strings.ReplaceAll(one, "\n", "\n    ")
	if !re.MatchString(indented) {
		t.Errorf("indented output not matched")
	}
	for name, text := range map[string]string{
		"two errors": two, "another error": other, "no detail": "Error: Invalid Phone Number\n",
		"indented second error": indented + "\n    Error: Invalid Phone Number\n",
	} {
		if re.MatchString(text) {
			t.Errorf("%s matched", name)
		}
	}
}
