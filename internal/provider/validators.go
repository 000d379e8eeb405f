package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	actionschema "github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var (
	_ validator.String = idValidator{}
	_ validator.String = stringCheck{}
)

// idValidator accepts the id of an address-book object: a GroupID or
// ContactID is a UUID. Anything else (most often a group code or a name)
// would be sent as an id and answered "not found" at apply, or, worse,
// accepted by an API that also resolves codes, leaving ids in state that
// break import and drift detection. Unknown values pass (they are checked
// again once known).
type idValidator struct {
	// kind is "group" or "contact".
	kind string
	// codeAttr names a sibling attribute that takes a group code, if any.
	codeAttr string
}

// groupIDValidator and contactIDValidator are the usual id validators.
var (
	groupIDValidator   = idValidator{kind: "group"}
	contactIDValidator = idValidator{kind: "contact"}
)

func (v idValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a %s id (a UUID such as %s)", v.kind, exampleUUID)
}

func (v idValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v idValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || uuidPattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	hint := "Refer to the contact by its id: bestsms_contact.<name>.id for a contact managed in this configuration, " +
		"or data.bestsms_contact.<name>.id to look one up by mobile number or e-mail address."
	if v.kind == "group" {
		hint = "If this is a group code, refer to the group by its id instead: bestsms_group.<name>.id for a group " +
			"managed in this configuration, or data.bestsms_group.<name>.id to look one up by code or name."
		if v.codeAttr != "" {
			hint += " To address the group by its code, use " + v.codeAttr + " instead."
		}
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+titleWords(v.kind)+" ID",
		fmt.Sprintf("%q is not a %s id: %s ids are UUIDs such as %s. %s",
			req.ConfigValue.ValueString(), v.kind, v.kind, exampleUUID, hint))
}

// exampleUUID is the id shown in messages (a GroupID of the wire reference).
const exampleUUID = "4000000b-f002-4007-b00a-c00000000001"

// stringCheck is the provider's hand-written string validator. check
// returns nil for an acceptable value, else an error whose text is the
// diagnostic's detail, reported on the attribute under summary. Null and
// unknown values pass: a value from a variable or another resource is
// unknown when Terraform validates, and is checked once known (by
// Terraform for resources and the provider, by revalidate for actions).
type stringCheck struct {
	summary     string
	description string
	// check sees the value and the whole configuration (for checks that
	// depend on a sibling attribute).
	check func(ctx context.Context, value string, cfg tfsdk.Config) error
}

func (c stringCheck) Description(context.Context) string { return c.description }

func (c stringCheck) MarkdownDescription(ctx context.Context) string { return c.Description(ctx) }

func (c stringCheck) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := c.check(ctx, req.ConfigValue.ValueString(), req.Config); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, c.summary, sentence(err.Error()))
	}
}

// sentence ends a diagnostic detail with a period (error texts do not).
func sentence(s string) string {
	if strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// errorCheck is a stringCheck of the value alone whose detail is the
// error check returns.
func errorCheck(summary, description string, check func(string) error) stringCheck {
	return stringCheck{summary: summary, description: description, check: func(_ context.Context, v string, _ tfsdk.Config) error {
		return check(v)
	}}
}

// valueCheck is a stringCheck of the value alone; its detail is the value
// and the description: "\"11m\" must be a Go duration from 1s to 10m, ...".
func valueCheck(summary, description string, ok func(string) bool) stringCheck {
	return stringCheck{summary: summary, description: description, check: func(_ context.Context, v string, _ tfsdk.Config) error {
		if ok(v) {
			return nil
		}
		return fmt.Errorf("%q %s", v, description)
	}}
}

// The provider's hand-written validators.
var (
	// phoneValidator rejects values that cannot be a phone number whatever
	// the region (letters, too few digits, impossible international
	// numbers). The region-aware check (checkPhone) runs at plan time, once
	// the provider's default_country is known. It is a validator rather
	// than a method of PhoneNumberValue so that it runs only where
	// validation runs, not again each time a configuration is read into a
	// model (which reported a second diagnostic, at a relative path, for
	// every bad recipient).
	phoneValidator = stringCheck{
		summary:     "Invalid Phone Number",
		description: "must be a phone number in international (+61421000001) or national format",
		check:       func(_ context.Context, v string, _ tfsdk.Config) error { return phone.Plausible(v) },
	}

	// regionValidator checks default_country against libphonenumber's regions.
	regionValidator = valueCheck("Invalid Default Country",
		"must be an ISO 3166-1 alpha-2 region code such as AU, NZ or GB", phone.ValidRegion)

	// requestTimeoutValidator checks request_timeout (parseRequestTimeout).
	requestTimeoutValidator = valueCheck("Invalid Request Timeout",
		"must be a Go duration from 1s to 10m, such as 20s or 2m",
		func(s string) bool { _, err := parseRequestTimeout(s); return err == nil })

	// waitTimeoutValidator accepts a positive Go duration of at most 24 hours.
	waitTimeoutValidator = valueCheck("Invalid Duration", "must be a positive duration such as 90s or 10m, at most 24h",
		func(s string) bool { d, err := time.ParseDuration(s); return err == nil && d > 0 && d <= 24*time.Hour })

	// timezoneValidator accepts the Windows time-zone names the API documents.
	timezoneValidator = stringCheck{
		summary:     "Unknown Time Zone",
		description: "must be one of " + strings.Join(client.TimeZoneNames(), ", "),
		check: func(_ context.Context, v string, _ tfsdk.Config) error {
			if _, ok := client.LoadTimeZone(v); ok {
				return nil
			}
			return fmt.Errorf("%q is not a time zone the BestSMS API knows. Use one of the Windows zone names it "+
				"documents: %s (optionally followed by \" Standard Time\"), or write send_time in RFC 3339 with its offset",
				v, strings.Join(client.TimeZoneNames(), ", "))
		},
	}

	// accountTimeValidator checks date_from/date_to (parseAccountTime).
	accountTimeValidator = stringCheck{
		summary:     "Invalid Date",
		description: "must be YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD (the account's local time)",
		check: func(_ context.Context, v string, _ tfsdk.Config) error {
			_, err := parseAccountTime(v)
			return err
		},
	}

	// notBlank requires something other than white space.
	notBlank = stringvalidator.RegexMatches(regexp.MustCompile(`\S`), "must contain something other than white space")

	// messageIDValidator checks a MessageID: up to 40 letters, digits or dashes.
	messageIDValidator = stringvalidator.RegexMatches(messageIDPattern, "must be 1 to 40 letters, digits or dashes")
	messageIDPattern   = regexp.MustCompile(`^[A-Za-z0-9-]{1,40}$`)
)

// sendTimeValidator accepts a send time in the future (or at most
// sendTimeTolerance in the past): YYYY-MM-DDTHH:MM, in the zone named by
// the zoneAttr attribute when set (else the account's zone), or, with
// rfc3339, RFC 3339 with an offset.
func sendTimeValidator(rfc3339 bool, zoneAttr string) stringCheck {
	description := "must be YYYY-MM-DDTHH:MM (2026-12-24T09:00), not in the past"
	if rfc3339 {
		description = "must be RFC 3339 (2026-12-24T09:00:00+11:00) or YYYY-MM-DDTHH:MM (2026-12-24T09:00), not in the past"
	}
	return stringCheck{summary: "Invalid Send Time", description: description,
		check: func(ctx context.Context, v string, cfg tfsdk.Config) error {
			var loc *time.Location
			if zoneAttr != "" {
				var zone types.String
				if d := cfg.GetAttribute(ctx, path.Root(zoneAttr), &zone); d.HasError() {
					return fmt.Errorf("reading %s: %s", zoneAttr, d.Errors()[0].Detail())
				}
				if zone.IsUnknown() {
					return nil // checked again once known
				}
				loc, _ = client.LoadTimeZone(zone.ValueString()) // an unknown zone is timezoneValidator's error
			}
			st, err := parseSendTime(v, loc, rfc3339)
			if err == nil {
				err = st.checkPast(v, time.Now())
			}
			return err
		}}
}

// revalidate runs the validators of an action's schema again on the
// configuration as it is now. Terraform validates an action's configuration
// while values from variables, locals and other resources are still
// unknown, and validators skip unknown values; it does not validate again
// once they are known. So the actions call revalidate when they plan and
// when they are invoked, before anything is sent, and every check the
// schema declares applies to those values too, with the attribute's path.
//
// It covers the attribute kinds the actions use: strings, bools, lists
// (their validators see the whole list; listvalidator.ValueStringsAre
// checks each element with its index) and lists of nested objects (each
// element's attributes are walked with their index). Values still unknown
// are passed to the validators, which skip them as at validation time.
func revalidate(ctx context.Context, s actionschema.Schema, cfg tfsdk.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	names := make([]string, 0, len(s.Attributes))
	for name := range s.Attributes {
		names = append(names, name)
	}
	slices.Sort(names) // one order for the diagnostics
	for _, name := range names {
		var v attr.Value
		if d := cfg.GetAttribute(ctx, path.Root(name), &v); d.HasError() {
			diags.Append(d...)
			continue
		}
		revalidateValue(ctx, s.Attributes[name], path.Root(name), cfg, v, &diags)
	}
	return diags
}

// revalidateValue runs the validators of attribute a on v, its value at p.
// The elements of a nested list are taken from v itself, never looked up
// in cfg by path: a lookup walks the list, which would make a list of n
// elements cost n² (1,000 destinations took over a minute).
func revalidateValue(ctx context.Context, a actionschema.Attribute, p path.Path, cfg tfsdk.Config, v attr.Value, diags *diag.Diagnostics) {
	switch a := a.(type) {
	case actionschema.StringAttribute:
		sv, ok := v.(basetypes.StringValuable)
		if !ok {
			return
		}
		str, d := sv.ToStringValue(ctx)
		if diags.Append(d...); d.HasError() {
			return
		}
		diags.Append(runStringValidators(ctx, a.Validators, p, cfg, str)...)
	case actionschema.BoolAttribute:
		bv, ok := v.(types.Bool)
		if !ok {
			return
		}
		diags.Append(runBoolValidators(ctx, a.Validators, p, cfg, bv)...)
	case actionschema.ListAttribute:
		if lv, ok := v.(types.List); ok {
			diags.Append(runListValidators(ctx, a.Validators, p, cfg, lv)...)
		}
	case actionschema.ListNestedAttribute:
		lv, ok := v.(types.List)
		if !ok {
			return
		}
		d := runListValidators(ctx, a.Validators, p, cfg, lv)
		diags.Append(d...)
		// The elements of a list that is wrong as a whole (too long) are not
		// walked: the list's error is the one to fix.
		if d.HasError() || lv.IsNull() || lv.IsUnknown() {
			return
		}
		names := make([]string, 0, len(a.NestedObject.Attributes))
		for name := range a.NestedObject.Attributes {
			names = append(names, name)
		}
		slices.Sort(names)
		for i, elem := range lv.Elements() {
			ov, ok := elem.(basetypes.ObjectValuable)
			if !ok {
				continue
			}
			obj, d := ov.ToObjectValue(ctx)
			if diags.Append(d...); d.HasError() {
				continue
			}
			at := p.AtListIndex(i)
			diags.Append(runObjectValidators(ctx, a.NestedObject.Validators, at, cfg, obj)...)
			if obj.IsNull() || obj.IsUnknown() {
				continue
			}
			attrs := obj.Attributes()
			for _, name := range names {
				if av, ok := attrs[name]; ok {
					revalidateValue(ctx, a.NestedObject.Attributes[name], at.AtName(name), cfg, av, diags)
				}
			}
		}
	}
}

// validateValue runs the validators of a provider argument on v, a value
// of its type, outside a configuration (a value from the environment).
func validateValue(ctx context.Context, a providerschema.Attribute, p path.Path, v attr.Value) diag.Diagnostics {
	var cfg tfsdk.Config
	switch a := a.(type) {
	case providerschema.StringAttribute:
		if s, ok := v.(types.String); ok {
			return runStringValidators(ctx, a.Validators, p, cfg, s)
		}
	case providerschema.Int64Attribute:
		if n, ok := v.(types.Int64); ok {
			return runValidators(a.Validators, func(vd validator.Int64) diag.Diagnostics {
				resp := &validator.Int64Response{}
				vd.ValidateInt64(ctx, validator.Int64Request{Path: p, PathExpression: p.Expression(), ConfigValue: n}, resp)
				return resp.Diagnostics
			})
		}
	case providerschema.Float64Attribute:
		if f, ok := v.(types.Float64); ok {
			return runValidators(a.Validators, func(vd validator.Float64) diag.Diagnostics {
				resp := &validator.Float64Response{}
				vd.ValidateFloat64(ctx, validator.Float64Request{Path: p, PathExpression: p.Expression(), ConfigValue: f}, resp)
				return resp.Diagnostics
			})
		}
	}
	return nil
}

func runStringValidators(ctx context.Context, vds []validator.String, p path.Path, cfg tfsdk.Config, v types.String) diag.Diagnostics {
	return runValidators(vds, func(vd validator.String) diag.Diagnostics {
		resp := &validator.StringResponse{}
		vd.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runBoolValidators(ctx context.Context, vds []validator.Bool, p path.Path, cfg tfsdk.Config, v types.Bool) diag.Diagnostics {
	return runValidators(vds, func(vd validator.Bool) diag.Diagnostics {
		resp := &validator.BoolResponse{}
		vd.ValidateBool(ctx, validator.BoolRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runListValidators(ctx context.Context, vds []validator.List, p path.Path, cfg tfsdk.Config, v types.List) diag.Diagnostics {
	return runValidators(vds, func(vd validator.List) diag.Diagnostics {
		resp := &validator.ListResponse{}
		vd.ValidateList(ctx, validator.ListRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

func runObjectValidators(ctx context.Context, vds []validator.Object, p path.Path, cfg tfsdk.Config, v types.Object) diag.Diagnostics {
	return runValidators(vds, func(vd validator.Object) diag.Diagnostics {
		resp := &validator.ObjectResponse{}
		vd.ValidateObject(ctx, validator.ObjectRequest{Path: p, PathExpression: p.Expression(), Config: cfg, ConfigValue: v}, resp)
		return resp.Diagnostics
	})
}

// runValidators collects the diagnostics run returns for each validator.
func runValidators[V any](vds []V, run func(V) diag.Diagnostics) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, vd := range vds {
		diags.Append(run(vd)...)
	}
	return diags
}

// hasErrorAt reports whether diags hold an error for path p.
func hasErrorAt(diags diag.Diagnostics, p path.Path) bool {
	for _, d := range diags.Errors() {
		if wp, ok := d.(diag.DiagnosticWithPath); ok && wp.Path().Equal(p) {
			return true
		}
	}
	return false
}

// destinationTargets are the attributes of a bestsms_message destination
// that say who receives it.
var destinationTargets = []string{"recipient", "contact_id", "group_id", "group_code"}

// oneTarget checks that exactly one of names is set in an object, reading
// the object's own attributes: stringvalidator.ExactlyOneOf with relative
// paths would search the whole configuration for each element of a list,
// which made 1,000 destinations take a minute to validate. The error is on
// the first of names, as ExactlyOneOf's was; an unknown value may still be
// the one.
type oneTarget struct{ names []string }

func (v oneTarget) Description(context.Context) string {
	return "exactly one of " + strings.Join(v.names, ", ") + " must be set"
}

func (v oneTarget) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v oneTarget) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	attrs := req.ConfigValue.Attributes()
	var set []string
	unknown := false
	for _, name := range v.names {
		switch a := attrs[name]; {
		case a == nil || a.IsNull():
		case a.IsUnknown():
			unknown = true
		default:
			set = append(set, name)
		}
	}
	at := req.Path.AtName(v.names[0])
	switch {
	case len(set) > 1:
		resp.Diagnostics.AddAttributeError(at, "Invalid Attribute Combination", fmt.Sprintf(
			"%d of %s are set; set only one of them: each destination is one number, contact or group.",
			len(set), strings.Join(v.names, ", ")))
	case len(set) == 0 && !unknown:
		resp.Diagnostics.AddAttributeError(at, "Invalid Attribute Combination", fmt.Sprintf(
			"None of %s is set; set exactly one of them: each destination is one number, contact or group.",
			strings.Join(v.names, ", ")))
	}
}

// distinctIDs refuses a set of ids that holds one id in two spellings
// (letter case): the API takes them as one object, so the set would manage
// it twice, and removing one spelling would remove the object the other
// still names.
type distinctIDs struct{}

func (distinctIDs) Description(context.Context) string {
	return "each id at most once, in any letter case"
}

func (v distinctIDs) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (distinctIDs) ValidateSet(_ context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	seen := map[string]string{}
	for _, e := range req.ConfigValue.Elements() {
		s, ok := e.(types.String)
		if !ok || s.IsNull() || s.IsUnknown() {
			continue
		}
		id := s.ValueString()
		if other, dup := seen[canonicalID(id)]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Id", fmt.Sprintf(
				"%s and %s are the same id in different letter case, and the API takes them as one contact. "+
					"List each contact once.", quoted(other), quoted(id)))
			return
		}
		seen[canonicalID(id)] = id
	}
}
