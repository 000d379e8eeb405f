package optouts

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// An opt-out entry as Terraform holds it, and the rules of its values:
// the message types and their aliases, and what a destination is for each.

// optOutModel is bestsms_optout, and one entry of bestsms_optouts.
type optOutModel struct {
	ID              types.String `tfsdk:"id"`
	DestType        types.String `tfsdk:"dest_type"`
	Destination     types.String `tfsdk:"destination"`
	ContactID       types.String `tfsdk:"contact_id"`
	SubAccount      types.String `tfsdk:"sub_account"`
	Department      types.String `tfsdk:"department"`
	StopMessage     types.String `tfsdk:"stop_message"`
	Notes           types.String `tfsdk:"notes"`
	OriginalMessage types.String `tfsdk:"original_message"`
	Created         types.String `tfsdk:"created"`
	Updated         types.String `tfsdk:"updated"`
}

// destTypeSpellings are the values dest_type takes: the canonical types and
// the API's aliases (Text is SMS, Speech is Voice).
var destTypeSpellings = append(client.DestTypes(), "Text", "Speech")

// destTypeMarkdown documents dest_type's values.
var destTypeMarkdown = "One of `SMS`, `Email`, `Voice` and `Fax`; `Text` and `Speech` are the API's other names of " +
	"`SMS` and `Voice`, equal to them: writing one for the other plans no change."

// isPhoneType reports whether a message type's destinations are phone
// numbers (SMS, Voice, Fax; not Email).
func isPhoneType(destType string) bool {
	c, ok := client.CanonicalDestType(destType)
	return ok && c != client.DestTypeEmail
}

// emailPattern is what the provider takes for an e-mail address: something,
// one @, and a domain with a dot, without white space.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// checkDestination checks a destination against its message type: a
// plausible phone number for SMS, Voice and Fax (the region's rules apply
// at plan time), an e-mail address for Email. An unknown type passes.
func checkDestination(destType, destination string) error {
	switch {
	case destType == "" || !slices.Contains(destTypeSpellings, destType):
		return nil
	case isPhoneType(destType):
		if err := phone.Plausible(destination); err != nil {
			article := "a"
			if destType == "SMS" {
				article = "an"
			}
			return fmt.Errorf("%s %s opt-out's destination is a phone number: %w", article, destType, err)
		}
	case !emailPattern.MatchString(destination):
		return fmt.Errorf("an Email opt-out's destination is an e-mail address such as ops@example.com, not %s", framework.Quoted(destination))
	}
	return nil
}

// destinationValidator applies checkDestination with the configuration's
// dest_type.
var destinationValidator = framework.StringCheck{
	Summary: "Invalid Opt-Out Destination",
	Rule:    "must be a phone number for SMS, Voice and Fax, an e-mail address for Email",
	Check: func(ctx context.Context, v string, cfg tfsdk.Config) error {
		var destType types.String
		if cfg.Raw.IsNull() || cfg.GetAttribute(ctx, rootDestType, &destType).HasError() || destType.IsUnknown() {
			return nil
		}
		return checkDestination(destType.ValueString(), v)
	},
}

// toClient converts the model into an entry to create: a phone destination
// in E.164, read in region (the provider's default_country).
func (m *optOutModel) toClient(region string) (client.OptOut, error) {
	o := client.OptOut{
		DestType:    m.DestType.ValueString(),
		Destination: strings.TrimSpace(m.Destination.ValueString()),
		ContactID:   m.ContactID.ValueString(),
		SubAccount:  m.SubAccount.ValueString(),
		Department:  m.Department.ValueString(),
		StopMessage: m.StopMessage.ValueString(),
		Notes:       m.Notes.ValueString(),
	}
	if o.Destination != "" && isPhoneType(o.DestType) {
		e164, err := phone.Normalize(o.Destination, region)
		if err != nil {
			return o, fmt.Errorf("destination: %w", err)
		}
		o.Destination = e164
	}
	return o, nil
}

// fromClient sets the model from the API's entry. Values equal to the
// model's keep the model's spelling, so that the state matches the
// configuration: dest_type in the other spelling of the same type (the API
// may answer Text for SMS), a phone number in another spelling of the same
// number in region, an e-mail address in another case; without a prior
// value, the canonical type and the API's destination. An empty API value
// becomes null unless the model holds "" (framework.OptionalString).
func (m *optOutModel) fromClient(o *client.OptOut, region string) {
	m.ID = types.StringValue(o.ID)
	switch canonical, ok := client.CanonicalDestType(o.DestType); {
	case client.SameDestType(m.DestType.ValueString(), o.DestType):
	case ok:
		m.DestType = types.StringValue(canonical)
	default:
		m.DestType = types.StringValue(o.DestType)
	}
	switch prior := m.Destination; {
	case isPhoneType(o.DestType):
		m.Destination = framework.KeepConfiguredPhone(o.Destination, framework.PhoneNumberValue{StringValue: prior}, region).StringValue
	case framework.IsSet(prior) && strings.EqualFold(prior.ValueString(), o.Destination):
	default:
		m.Destination = framework.OptionalString(o.Destination, prior)
	}
	if !framework.IsSet(m.ContactID) || !strings.EqualFold(m.ContactID.ValueString(), o.ContactID) {
		m.ContactID = framework.OptionalString(o.ContactID, m.ContactID)
	}
	m.SubAccount = framework.OptionalString(o.SubAccount, m.SubAccount)
	m.Department = framework.OptionalString(o.Department, m.Department)
	m.StopMessage = framework.OptionalString(o.StopMessage, m.StopMessage)
	m.Notes = framework.OptionalString(o.Notes, m.Notes)
	m.OriginalMessage = framework.OptionalString(o.OriginalMessage, types.StringNull())
	m.Created = framework.TimeValue(o.Created)
	m.Updated = framework.TimeValue(o.Updated)
}

// sameSettings reports whether m and o hold the same values in every
// attribute a configuration sets.
func (m *optOutModel) sameSettings(o optOutModel) bool {
	return m.DestType.Equal(o.DestType) && m.Destination.Equal(o.Destination) && m.ContactID.Equal(o.ContactID) &&
		m.SubAccount.Equal(o.SubAccount) && m.Department.Equal(o.Department) && m.StopMessage.Equal(o.StopMessage) &&
		m.Notes.Equal(o.Notes)
}

// displayName names an entry for terraform query: its destination (or
// contact) and its type, with its scope when it has one, for example
// "+61421000009 (SMS)" or "contact 4000000b-… (Email, sub-account Sales)".
// Phone numbers show in E.164 when valid in region.
func displayName(o *client.OptOut, region string) string {
	target := o.Destination
	if e164, err := phone.Normalize(target, region); target != "" && isPhoneType(o.DestType) && err == nil {
		target = e164
	}
	if target == "" {
		target = "contact " + o.ContactID
	}
	kind := o.DestType
	if c, ok := client.CanonicalDestType(kind); ok {
		kind = c
	}
	if s := strings.TrimSpace(o.SubAccount); s != "" {
		kind += ", sub-account " + s
	}
	if d := strings.TrimSpace(o.Department); d != "" {
		kind += ", department " + d
	}
	return target + " (" + kind + ")"
}
