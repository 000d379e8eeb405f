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
