package framework

import (
	"context"
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

// StringCheck is the provider's hand-written string validator. check
// returns nil for an acceptable value, else an error whose text is the
// diagnostic's detail, reported on the attribute under summary. Null and
// unknown values pass: a value from a variable or another resource is
// unknown when Terraform validates, and is checked once known (by
// Terraform for resources and the provider, by Revalidate for actions).
type StringCheck struct {
	Summary string
	Rule    string
	// Check sees the value and the whole configuration (for checks that
	// depend on a sibling attribute).
	Check func(ctx context.Context, value string, cfg tfsdk.Config) error
}

func (c StringCheck) Description(context.Context) string { return c.Rule }

func (c StringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c StringCheck) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := c.Check(ctx, req.ConfigValue.ValueString(), req.Config); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, c.Summary, sentence(err.Error()))
	}
}

// sentence ends a diagnostic detail with a period (error texts do not).
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// ErrorCheck is a StringCheck of the value alone whose detail is the
// error check returns.
func ErrorCheck(summary, description string, check func(string) error) StringCheck {
	return StringCheck{Summary: summary, Rule: description, Check: func(_ context.Context, v string, _ tfsdk.Config) error {
		return check(v)
	}}
}

// ValueCheck is a StringCheck of the value alone; its detail is the value
// and the description: "\"11m\" must be a Go duration from 1s to 10m, ...".
func ValueCheck(summary, description string, ok func(string) bool) StringCheck {
	return StringCheck{Summary: summary, Rule: description, Check: func(_ context.Context, v string, _ tfsdk.Config) error {
		if ok(v) {
			return nil
		}
		return fmt.Errorf("%q %s", v, description)
	}}
}

// NotBlank requires something other than white space.
var NotBlank = stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must contain something other than white space")

// EmailValidator accepts an e-mail address: a local part, "@" and a domain
// of dot-separated labels (or an address literal in brackets), as
// net/mail reads a bare address, without a display name or angle brackets.
// A blank value (empty, or white space) passes: it leaves the address
// empty. The API takes any text, so a mistyped address would be stored and
// never receive anything.
var EmailValidator = ErrorCheck("Invalid E-mail Address",
	"must be an e-mail address such as ana.lima@example.com", CheckEmail)

// emailDomain is a domain of dot-separated labels of letters, digits and
// hyphens (any script), or an address literal.
var emailDomain = regexp.MustCompile(`^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*|\[[0-9A-Fa-f.:]+\])$`)

// CheckEmail returns nil for a blank value or an e-mail address (see
// EmailValidator), else an error saying what is wrong.
func CheckEmail(v string) error {
	s := strings.TrimSpace(v)
	if s == "" {
		return nil
	}
	fail := func(why string) error {
		return fmt.Errorf("%s is not an e-mail address: %s; write it as name@example.com", Quoted(v), why)
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return fail(`it has no "@"`)
	}
	local, domain := s[:at], s[at+1:]
	switch {
	case local == "":
		return fail(`nothing comes before the "@"`)
	case domain == "":
		return fail(`no domain comes after the "@"`)
	case !emailDomain.MatchString(domain):
		return fail(fmt.Sprintf("%s is not a domain", Quoted(domain)))
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return fail("it is not a plain address (no name, angle brackets, spaces or a second \"@\")")
	}
	return nil
}
