package framework

import (
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small helpers shared by the resources, data sources and actions.

// IsSet reports whether v is known, not null and not empty.
func IsSet(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && v.ValueString() != ""
}

// OptionalString maps an API string to an optional attribute: empty is null
// unless prior is a known empty string.
func OptionalString(api string, prior types.String) types.String {
	if api == "" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() != "") {
		return types.StringNull()
	}
	return types.StringValue(api)
}

// VisibilityValues are the values of ViewBy, EditBy and ViewEditBy.
var VisibilityValues = []string{"Account", "SubAccount", "Department", "No"}

// VisibilityMarkdown documents a visibility attribute's values.
var VisibilityMarkdown = "One of `" + strings.Join(VisibilityValues, "`, `") + "`"

// WriteOnlyMarkdown documents a write-only attribute of an action (the
// text and personalisation of a message).
const WriteOnlyMarkdown = "Write-only: takes ephemeral values, never stored in the plan or state."

// TimeValue renders an API time as RFC 3339 UTC; the zero time is null.
func TimeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// TitleWords turns "message_abort" into "Message Abort".
func TitleWords(s string) string {
	b := []byte(s)
	up := true
	for i, c := range b {
		switch {
		case c == '_':
			b[i] = ' '
			up = true
		case up && c >= 'a' && c <= 'z':
			b[i] = c - 'a' + 'A'
			up = false
		default:
			up = false
		}
	}
	return string(b)
}

// Plural is "1 number", "2 numbers".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// CanonicalID is the spelling of an API id (a UUID) that two spellings of
// the same id share: the API matches ids in any letter case, so wherever a
// duplicate matters ids are compared in this form.
func CanonicalID(id string) string { return strings.ToLower(id) }

// QuotedMax is how many characters of a value a diagnostic quotes.
const QuotedMax = 80

// Quoted quotes a value for a diagnostic: escaped as Go quotes it (so no
// control character reaches the terminal) and cut to QuotedMax characters,
// so that a value of megabytes is not repeated whole.
func Quoted(s string) string {
	if r := []rune(s); len(r) > QuotedMax {
		return fmt.Sprintf("%q… (%d characters)", string(r[:QuotedMax]), len(r))
	}
	return fmt.Sprintf("%q", s)
}
