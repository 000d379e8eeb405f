package acctest

import (
	"regexp"
	"strings"
)

// Action checks through a real Terraform CLI (>= 1.14, see ActionTestCase):
// values known only after validation are checked before anything is sent.
// ExactlyOneError matches Terraform's output when it holds exactly one
// error diagnostic, whose summary is summary, with detail (plain text; the
// output may wrap it at any space) in the lines after it. Terraform 1.15
// shows an action's plan-time diagnostics as "Failed to plan action", with
// the provider's summary in front of the detail: that form matches too.
func ExactlyOneError(summary, detail string) *regexp.Regexp {
	detail = strings.Join(strings.Fields(regexp.QuoteMeta(detail)), `\s+`)
	// A line that does not start with "Error: " (after any indentation).
	other := `[ \t]*(?:[^E \t\n][^\n]*|E(?:[^r\n][^\n]*)?|Er(?:[^r\n][^\n]*)?|Err(?:[^o\n][^\n]*)?|` +
		`Erro(?:[^r\n][^\n]*)?|Error(?:[^:\n][^\n]*)?|Error:(?:[^ \n][^\n]*)?)?`
	return regexp.MustCompile(`\A(?:` + other + `\n)*[ \t]*Error: (?:` + regexp.QuoteMeta(summary) + `|Failed to plan action)[ \t]*` +
		`(?:\n` + other + `)*?\n[^\n]*?` + detail + `[^\n]*(?:\n` + other + `)*\n?\z`)
}

// Wrapped matches the fragments in order, each allowed to wrap across
// lines as Terraform prints diagnostics.
func Wrapped(fragments ...string) *regexp.Regexp {
	parts := make([]string, len(fragments))
	for i, f := range fragments {
		parts[i] = strings.ReplaceAll(regexp.QuoteMeta(f), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// BadAUNumbers are numbers of other countries written in their national
// format, and a mistyped AU number: libphonenumber calls each of them a
// possible AU number, but none is a valid one, so each must fail at plan
// instead of becoming a wrong Australian number.
var BadAUNumbers = []string{"07700 900123", "021 555 123", "(415) 555-0123", "12345", "98765432", "+61 421 000 001 2"}
