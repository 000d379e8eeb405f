package provider

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Small helpers shared by the resources, data sources and actions.

// isSet reports whether v is known, not null and not empty.
func isSet(v types.String) bool {
	return !v.IsNull() && !v.IsUnknown() && v.ValueString() != ""
}

// stringOr returns v's value, or def when v is not set.
func stringOr(v types.String, def string) string {
	if isSet(v) {
		return v.ValueString()
	}
	return def
}

// optionalString maps an API string to an optional attribute: empty is null
// unless prior is a known empty string.
func optionalString(api string, prior types.String) types.String {
	if api == "" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() != "") {
		return types.StringNull()
	}
	return types.StringValue(api)
}

// visibilityValues are the values of ViewBy, EditBy and ViewEditBy.
var visibilityValues = []string{"Account", "SubAccount", "Department", "No"}

// visibilityMarkdown documents a visibility attribute's values.
var visibilityMarkdown = "One of `" + strings.Join(visibilityValues, "`, `") + "`"

// timeValue renders an API time as RFC 3339 UTC; the zero time is null.
func timeValue(t time.Time) types.String {
	if t.IsZero() {
		return types.StringNull()
	}
	return types.StringValue(t.UTC().Format(time.RFC3339))
}

// configuredData extracts the provider's data in a Configure method of a
// kind that uses the REST API: nil, with an error naming auth_token, when
// the provider has no auth token (a configuration of gateway kinds alone
// needs none). It returns nil, without a diagnostic, before the provider is
// configured (validation can happen then). The gateway kinds use
// gatewayData instead.
func configuredData(data any, diags *diag.Diagnostics) *providerData {
	pd := providerDataOf(data, diags)
	if pd == nil || pd.client != nil {
		return pd
	}
	diags.AddError("Missing BestSMS Auth Token",
		"This uses the BestSMS REST API, which needs an API auth token: set auth_token in the provider block or the "+
			envAuthToken+" environment variable. Export the token from the BestSMS dashboard (API settings); when "+
			"developing against the local mock, use the token the mock printed at start-up (dev-token by default). "+
			"Only the bestsms_gateway_* kinds work without it, with the provider's gateway block.")
	return nil
}

// providerDataOf extracts the provider's data in a Configure method of any
// kind; nil before the provider is configured.
func providerDataOf(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// titleWords turns "message_abort" into "Message Abort".
func titleWords(s string) string {
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

// plural is "1 number", "2 numbers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// uuidPattern recognises a GroupID, to tell it from a GroupCode on import.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// canonicalID is the spelling of an API id (a UUID) that two spellings of
// the same id share: the API matches ids in any letter case, so wherever a
// duplicate matters ids are compared in this form.
func canonicalID(id string) string { return strings.ToLower(id) }

// quotedMax is how many characters of a value a diagnostic quotes.
const quotedMax = 80

// quoted quotes a value for a diagnostic: escaped as Go quotes it (so no
// control character reaches the terminal) and cut to quotedMax characters,
// so that a value of megabytes is not repeated whole.
func quoted(s string) string {
	if r := []rune(s); len(r) > quotedMax {
		return fmt.Sprintf("%q… (%d characters)", string(r[:quotedMax]), len(r))
	}
	return fmt.Sprintf("%q", s)
}

// listCapped joins items for a message, at most limit of them, then "and N
// more".
func listCapped(items []string, limit int) string {
	s := strings.Join(items[:min(len(items), limit)], ", ")
	if more := len(items) - limit; more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}

// displayText makes a value from the API safe to show on one line of a
// terminal: control characters (escape sequences, carriage returns, line
// feeds, tabs) become spaces, so a stored name cannot forge or rewrite lines
// of Terraform's output.
func displayText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
}
