package addressbook

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// ContactFields are the writable attributes of a contact, as a model. It is
// embedded by value in contactModel (bestsms_contact and the bestsms_contact
// data source) and can be the element model of a nested object of contacts.
// Each field has one entry in ContactAttributes, which gives its schema,
// description and client field; TestContactAttributesCoverTheModel checks
// that the two agree.
type ContactFields struct {
	ViewBy            types.String               `tfsdk:"view_by"`
	EditBy            types.String               `tfsdk:"edit_by"`
	Attention         types.String               `tfsdk:"attention"`
	Title             types.String               `tfsdk:"title"`
	Company           types.String               `tfsdk:"company"`
	CompanyDepartment types.String               `tfsdk:"company_department"`
	FirstName         types.String               `tfsdk:"first_name"`
	LastName          types.String               `tfsdk:"last_name"`
	Position          types.String               `tfsdk:"position"`
	StreetAddress     types.String               `tfsdk:"street_address"`
	Suburb            types.String               `tfsdk:"suburb"`
	City              types.String               `tfsdk:"city"`
	State             types.String               `tfsdk:"state"`
	Country           types.String               `tfsdk:"country"`
	Postcode          types.String               `tfsdk:"postcode"`
	MainPhone         framework.PhoneNumberValue `tfsdk:"main_phone"`
	AltPhone1         framework.PhoneNumberValue `tfsdk:"alt_phone1"`
	AltPhone2         framework.PhoneNumberValue `tfsdk:"alt_phone2"`
	DirectPhone       framework.PhoneNumberValue `tfsdk:"direct_phone"`
	MobilePhone       framework.PhoneNumberValue `tfsdk:"mobile_phone"`
	FaxNumber         framework.PhoneNumberValue `tfsdk:"fax_number"`
	EmailAddress      types.String               `tfsdk:"email_address"`
	WebAddress        types.String               `tfsdk:"web_address"`
	Custom1           types.String               `tfsdk:"custom1"`
	Custom2           types.String               `tfsdk:"custom2"`
	Custom3           types.String               `tfsdk:"custom3"`
	Custom4           types.String               `tfsdk:"custom4"`
	// The attributes only API v3.00 carries (client.FeatureContactV3Members).
	Notes         types.String               `tfsdk:"notes"`
	ExType        types.String               `tfsdk:"ex_type"`
	ExID          types.String               `tfsdk:"ex_id"`
	AccessControl types.String               `tfsdk:"access_control"`
	AltPhone3     framework.PhoneNumberValue `tfsdk:"alt_phone3"`
	AltPhone4     framework.PhoneNumberValue `tfsdk:"alt_phone4"`
	AltPhone5     framework.PhoneNumberValue `tfsdk:"alt_phone5"`
	AltPhone6     framework.PhoneNumberValue `tfsdk:"alt_phone6"`
	AltPhone7     framework.PhoneNumberValue `tfsdk:"alt_phone7"`
	AltPhone8     framework.PhoneNumberValue `tfsdk:"alt_phone8"`
}

// ContactKind is how a contact attribute is typed, checked and converted.
type ContactKind int

const (
	// KindText is free text; the API's empty string is null.
	KindText ContactKind = iota
	// KindPhone is a phone number (PhoneNumberType): checked with the phone
	// rules, sent in E.164, kept in the configuration's spelling.
	KindPhone
	// KindVisibility is one of framework.VisibilityValues; the API defaults it.
	KindVisibility
	// KindEmail is an e-mail address: text, checked to be an address
	// (framework.EmailValidator).
	KindEmail
	// KindAccess is one of AccessControlValues; the API (v3.00) defaults it.
	KindAccess
)

// AccessControlValues are the values of a contact's and a group's
// access_control (the API's AccessControl, v3.00).
var AccessControlValues = []string{"Limited", "Granted"}

// accessControlMarkdown documents access_control's values.
const accessControlMarkdown = "`Limited` or `Granted` (`Granted` lets the account's administrators see and edit it " +
	"whatever its visibility)"

// ContactAttribute is one writable attribute of a contact: its name, kind
// and description, where it lives in ContactFields and in client.Contact
// (whose writable list gives its wire name), whether it identifies a
// contact (a contact needs at least one such attribute set), whether
// the bestsms_contacts data source lists it, the client.Feature of the API
// versions that carry it ("" for every version), and its longest value.
type ContactAttribute struct {
	Name        string
	Kind        ContactKind
	Description string
	Field       func(*ContactFields) *types.String
	API         func(*client.Contact) *string
	Identifies  bool
	Listed      bool
	Feature     client.Feature
	// MaxLength is the longest value the API takes, checked at plan time
	// (0: not checked).
	MaxLength int
}

// Defaulted reports whether the API gives the attribute a value of its
// own when none is written (view_by, edit_by, access_control): such an
// attribute is Optional and Computed, and a contact list tracks it only
// where an entry sets it.
func (a ContactAttribute) Defaulted() bool { return a.Kind == KindVisibility || a.Kind == KindAccess }

// ContactAttributes is the catalogue of contact attributes: it drives the
// schemas of bestsms_contact and of the bestsms_contact and
// bestsms_contacts data sources (and so their docs), the conversion to
// and from client.Contact, and the plan-time checks. The identifying
// attributes come first, in the order the "Empty Contact" error names them.
//
// Adding a contact field: a field in ContactFields and an entry here (and,
// for a member the client does not send yet, client.Contact and its
// writable list).
var ContactAttributes = []ContactAttribute{
	{Name: "attention", Kind: KindText, Identifies: true, Listed: true,
		Description: "Display name, also the `[[Attention]]` personalisation of messages.",
		Field:       func(f *ContactFields) *types.String { return &f.Attention },
		API:         func(c *client.Contact) *string { return &c.Attention }},
	{Name: "first_name", Kind: KindText, Identifies: true, Listed: true,
		Description: "First name.",
		Field:       func(f *ContactFields) *types.String { return &f.FirstName },
		API:         func(c *client.Contact) *string { return &c.FirstName }},
	{Name: "last_name", Kind: KindText, Identifies: true, Listed: true,
		Description: "Last name.",
		Field:       func(f *ContactFields) *types.String { return &f.LastName },
		API:         func(c *client.Contact) *string { return &c.LastName }},
	{Name: "company", Kind: KindText, Identifies: true, Listed: true,
		Description: "Company name.",
		Field:       func(f *ContactFields) *types.String { return &f.Company },
		API:         func(c *client.Contact) *string { return &c.Company }},
	{Name: "mobile_phone", Kind: KindPhone, Identifies: true, Listed: true,
		Description: "Mobile number, used when SMS is sent to the contact or its groups.",
		Field:       func(f *ContactFields) *types.String { return &f.MobilePhone.StringValue },
		API:         func(c *client.Contact) *string { return &c.MobilePhone }},
	{Name: "main_phone", Kind: KindPhone, Identifies: true,
		Description: "Main (voice) phone number.",
		Field:       func(f *ContactFields) *types.String { return &f.MainPhone.StringValue },
		API:         func(c *client.Contact) *string { return &c.MainPhone }},
	{Name: "direct_phone", Kind: KindPhone, Identifies: true, Feature: client.FeatureDirectPhone,
		Description: "Direct phone number. API v2.03 and v2.04 only: v3.00 has no such member.",
		Field:       func(f *ContactFields) *types.String { return &f.DirectPhone.StringValue },
		API:         func(c *client.Contact) *string { return &c.DirectPhone }},
	{Name: "alt_phone1", Kind: KindPhone, Identifies: true,
		Description: "First alternative phone number.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone1.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone1 }},
	{Name: "alt_phone2", Kind: KindPhone, Identifies: true,
		Description: "Second alternative phone number.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone2.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone2 }},
	{Name: "alt_phone3", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Third alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone3.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone3 }},
	{Name: "alt_phone4", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Fourth alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone4.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone4 }},
	{Name: "alt_phone5", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Fifth alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone5.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone5 }},
	{Name: "alt_phone6", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Sixth alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone6.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone6 }},
	{Name: "alt_phone7", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Seventh alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone7.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone7 }},
	{Name: "alt_phone8", Kind: KindPhone, Identifies: true, Feature: client.FeatureContactV3Members,
		Description: "Eighth alternative phone number. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AltPhone8.StringValue },
		API:         func(c *client.Contact) *string { return &c.AltPhone8 }},
	{Name: "fax_number", Kind: KindPhone, Identifies: true,
		Description: "Fax number.",
		Field:       func(f *ContactFields) *types.String { return &f.FaxNumber.StringValue },
		API:         func(c *client.Contact) *string { return &c.FaxNumber }},
	{Name: "email_address", Kind: KindEmail, Identifies: true, Listed: true,
		Description: "E-mail address.",
		Field:       func(f *ContactFields) *types.String { return &f.EmailAddress },
		API:         func(c *client.Contact) *string { return &c.EmailAddress }},

	{Name: "view_by", Kind: KindVisibility,
		Description: "Who can see the contact.",
		Field:       func(f *ContactFields) *types.String { return &f.ViewBy },
		API:         func(c *client.Contact) *string { return &c.ViewBy }},
	{Name: "edit_by", Kind: KindVisibility,
		Description: "Who can edit the contact.",
		Field:       func(f *ContactFields) *types.String { return &f.EditBy },
		API:         func(c *client.Contact) *string { return &c.EditBy }},
	{Name: "title", Kind: KindText,
		Description: "Title, for example `Mr`, `Ms` or `Dr`.",
		Field:       func(f *ContactFields) *types.String { return &f.Title },
		API:         func(c *client.Contact) *string { return &c.Title }},
	{Name: "company_department", Kind: KindText,
		Description: "Department within the company (the API's `RecipDepartment`).",
		Field:       func(f *ContactFields) *types.String { return &f.CompanyDepartment },
		API:         func(c *client.Contact) *string { return &c.Department }},
	{Name: "position", Kind: KindText, Listed: true,
		Description: "Position or job title.",
		Field:       func(f *ContactFields) *types.String { return &f.Position },
		API:         func(c *client.Contact) *string { return &c.Position }},
	{Name: "street_address", Kind: KindText,
		Description: "Street address.",
		Field:       func(f *ContactFields) *types.String { return &f.StreetAddress },
		API:         func(c *client.Contact) *string { return &c.StreetAddress }},
	{Name: "suburb", Kind: KindText,
		Description: "Suburb.",
		Field:       func(f *ContactFields) *types.String { return &f.Suburb },
		API:         func(c *client.Contact) *string { return &c.Suburb }},
	{Name: "city", Kind: KindText,
		Description: "City.",
		Field:       func(f *ContactFields) *types.String { return &f.City },
		API:         func(c *client.Contact) *string { return &c.City }},
	{Name: "state", Kind: KindText,
		Description: "State or region.",
		Field:       func(f *ContactFields) *types.String { return &f.State },
		API:         func(c *client.Contact) *string { return &c.State }},
	{Name: "country", Kind: KindText,
		Description: "Country.",
		Field:       func(f *ContactFields) *types.String { return &f.Country },
		API:         func(c *client.Contact) *string { return &c.Country }},
	{Name: "postcode", Kind: KindText,
		Description: "Postcode.",
		Field:       func(f *ContactFields) *types.String { return &f.Postcode },
		API:         func(c *client.Contact) *string { return &c.Postcode }},
	{Name: "web_address", Kind: KindText,
		Description: "Web address.",
		Field:       func(f *ContactFields) *types.String { return &f.WebAddress },
		API:         func(c *client.Contact) *string { return &c.WebAddress }},
	{Name: "custom1", Kind: KindText, Listed: true,
		Description: "Custom field 1.",
		Field:       func(f *ContactFields) *types.String { return &f.Custom1 },
		API:         func(c *client.Contact) *string { return &c.Custom1 }},
	{Name: "custom2", Kind: KindText, Listed: true,
		Description: "Custom field 2.",
		Field:       func(f *ContactFields) *types.String { return &f.Custom2 },
		API:         func(c *client.Contact) *string { return &c.Custom2 }},
	{Name: "custom3", Kind: KindText, Listed: true,
		Description: "Custom field 3.",
		Field:       func(f *ContactFields) *types.String { return &f.Custom3 },
		API:         func(c *client.Contact) *string { return &c.Custom3 }},
	{Name: "custom4", Kind: KindText, Listed: true,
		Description: "Custom field 4.",
		Field:       func(f *ContactFields) *types.String { return &f.Custom4 },
		API:         func(c *client.Contact) *string { return &c.Custom4 }},
	{Name: "notes", Kind: KindText, Feature: client.FeatureContactV3Members, MaxLength: 1000,
		Description: "Free-text notes (up to 1000 characters). API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.Notes },
		API:         func(c *client.Contact) *string { return &c.Notes }},
	{Name: "ex_type", Kind: KindText, Feature: client.FeatureContactV3Members, MaxLength: 20,
		Description: "A category of the contact in another system (up to 20 characters; the API's `ExType`). API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.ExType },
		API:         func(c *client.Contact) *string { return &c.ExType }},
	{Name: "ex_id", Kind: KindText, Feature: client.FeatureContactV3Members, MaxLength: 100,
		Description: "The contact's id in another system, a CRM's say (up to 100 characters; the API's `ExID`). API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.ExID },
		API:         func(c *client.Contact) *string { return &c.ExID }},
	{Name: "access_control", Kind: KindAccess, Feature: client.FeatureContactV3Members,
		Description: "Administrator access to the contact. API v3.00 only.",
		Field:       func(f *ContactFields) *types.String { return &f.AccessControl },
		API:         func(c *client.Contact) *string { return &c.AccessControl }},
}

// Descriptions of the contact attributes that are not fields: the
// server-assigned id and owner.
const (
	contactIDDescription    = "The contact's id (the API's `ContactID`)."
	contactOwnerDescription = "The API user that owns the contact, for example `COM\\EXAMPLE\\TEST`."
)

// resourceAttribute is the attribute as a resource (or a nested object of
// a resource) declares it: optional, checked at plan time (see Check: the
// checks are not the schema's validators, so that they run together with
// those that need the provider's default_country).
func (a ContactAttribute) resourceAttribute() schema.StringAttribute {
	switch a.Kind {
	case KindPhone:
		return schema.StringAttribute{
			MarkdownDescription: a.Description + " " + framework.PhoneRulesMarkdown + " Sent to the API in E.164. Spellings of the same " +
				"number (`0421 000 001`, `+61 421 000 001`) are equal, so reformatting never shows a diff.",
			Optional:   true,
			CustomType: framework.PhoneNumberType{},
		}
	case KindVisibility:
		return schema.StringAttribute{
			MarkdownDescription: a.Description + " " + framework.VisibilityMarkdown + "; the API defaults it (to `Account`) when omitted.",
			Optional:            true,
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	case KindEmail:
		return schema.StringAttribute{MarkdownDescription: a.Description + " Checked at plan time to be an address " +
			"(`name@example.com`).", Optional: true}
	case KindAccess:
		return schema.StringAttribute{
			MarkdownDescription: a.Description + " " + accessControlMarkdown + "; the API defaults it (to `Limited`) when " +
				"omitted. Null with API v2.03 and v2.04.",
			Optional:      true,
			Computed:      true,
			PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	default:
		return schema.StringAttribute{MarkdownDescription: a.Description, Optional: true}
	}
}

// validators are the checks of the attribute's value that need nothing but
// the value (null and unknown values pass; so does a blank e-mail address).
func (a ContactAttribute) validators() []validator.String {
	switch a.Kind {
	case KindPhone:
		return []validator.String{framework.PhoneValidator}
	case KindVisibility:
		return []validator.String{stringvalidator.OneOf(framework.VisibilityValues...)}
	case KindEmail:
		return []validator.String{framework.EmailValidator}
	case KindAccess:
		return []validator.String{stringvalidator.OneOf(AccessControlValues...)}
	}
	if a.MaxLength > 0 {
		return []validator.String{stringvalidator.LengthAtMost(a.MaxLength)}
	}
	return nil
}

// readDescription is the attribute's description where it is read, not
// written (data sources).
func (a ContactAttribute) readDescription() string {
	switch a.Kind {
	case KindPhone:
		return strings.TrimSuffix(a.Description, ".") + ", as the API holds it."
	case KindVisibility:
		return a.Description + " " + framework.VisibilityMarkdown + "."
	case KindAccess:
		return a.Description + " " + accessControlMarkdown + "."
	default:
		return a.Description
	}
}

// ContactResourceAttributes returns the schema attributes of every contact
// field, for a resource or a nested object of one.
func ContactResourceAttributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(ContactAttributes))
	for _, a := range ContactAttributes {
		attrs[a.Name] = a.resourceAttribute()
	}
	return attrs
}

// contactDataSourceAttributes returns the computed data source attributes
// of every contact field, with id and owner.
func contactDataSourceAttributes() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{
		"id":    dsschema.StringAttribute{MarkdownDescription: contactIDDescription, Computed: true},
		"owner": dsschema.StringAttribute{MarkdownDescription: contactOwnerDescription, Computed: true},
	}
	for _, a := range ContactAttributes {
		s := dsschema.StringAttribute{MarkdownDescription: a.readDescription(), Computed: true}
		if a.Kind == KindPhone {
			s.CustomType = framework.PhoneNumberType{}
		}
		attrs[a.Name] = s
	}
	return attrs
}

// ToClient converts the fields into the API's contact. Phone numbers are
// sent in E.164, read in region when written in national format.
func (f *ContactFields) ToClient(region string) (client.Contact, error) {
	var c client.Contact
	for _, a := range ContactAttributes {
		v := a.Field(f)
		if a.Kind != KindPhone {
			*a.API(&c) = v.ValueString()
			continue
		}
		if v.IsNull() || v.ValueString() == "" {
			continue
		}
		e164, err := phone.Normalize(v.ValueString(), region)
		if err != nil {
			return c, fmt.Errorf("%s: %w", a.Name, err)
		}
		*a.API(&c) = e164
	}
	return c, nil
}

// FromClient sets the fields from the API's contact. An empty API value
// becomes null, unless the fields already hold "" (a configuration that
// set the attribute to the empty string), so the state always matches the
// configuration. A phone number keeps the fields' spelling when it denotes
// the same number as the API's, national numbers read in region (the
// provider's default_country); otherwise the API's value is taken, so that
// a number stored wrongly in the API shows as drift. Visibility attributes
// take the API's value, which the API defaults; so does access_control,
// null where the API has none (v2).
func (f *ContactFields) FromClient(c *client.Contact, region string) {
	for _, a := range ContactAttributes {
		v, api := a.Field(f), *a.API(c)
		switch a.Kind {
		case KindPhone:
			*v = framework.KeepConfiguredPhone(api, framework.PhoneNumberValue{StringValue: *v}, region).StringValue
		case KindVisibility:
			*v = types.StringValue(api)
		case KindAccess:
			*v = framework.OptionalString(api, types.StringNull())
		default:
			*v = framework.OptionalString(api, *v)
		}
	}
}

// MissingIdentity returns, when none of the identifying attributes (a name,
// a phone number or an e-mail address) is set to something other than
// white space, their names; nil otherwise. Unknown values count as set.
func (f *ContactFields) MissingIdentity() []string {
	var names []string
	for _, a := range ContactAttributes {
		if !a.Identifies {
			continue
		}
		if v := a.Field(f); v.IsUnknown() || strings.TrimSpace(v.ValueString()) != "" {
			return nil
		}
		names = append(names, a.Name)
	}
	return names
}

// EmptyContactDetail is the detail of the "Empty Contact" error, given the
// names MissingIdentity returned.
func EmptyContactDetail(names []string) string {
	return "A contact needs at least one of " + strings.Join(names, ", ") + " set to something other than white space; " +
		"without a name, a phone number or an e-mail address it would be a blank record in the address book."
}

// Check applies every check of a contact to f, reporting problems at the
// attributes below at: each attribute's value (see validators; phone
// numbers then with the phone rules of region, the provider's
// default_country) and, at at itself, the "Empty Contact" rule. The checks
// run together at plan time, once default_country is known, so that one
// plan reports every problem: a schema's validators run before the plan,
// and their errors would stop it before the rest is checked. Null and
// unknown values pass.
func (f *ContactFields) Check(ctx context.Context, at path.Path, region string, diags *diag.Diagnostics) {
	for _, a := range ContactAttributes {
		v, p := *a.Field(f), at.AtName(a.Name)
		ok := true
		for _, check := range a.validators() {
			var resp validator.StringResponse
			check.ValidateString(ctx, validator.StringRequest{Path: p, PathExpression: p.Expression(), ConfigValue: v}, &resp)
			diags.Append(resp.Diagnostics...)
			ok = ok && !resp.Diagnostics.HasError()
		}
		if ok && a.Kind == KindPhone {
			framework.CheckPhone(framework.PhoneNumberValue{StringValue: v}, p, region, diags)
		}
	}
	if names := f.MissingIdentity(); names != nil {
		if len(at.Steps()) == 0 {
			diags.AddError("Empty Contact", EmptyContactDetail(names))
		} else {
			diags.AddAttributeError(at, "Empty Contact", EmptyContactDetail(names))
		}
	}
}

// KeepPriorPhones keeps the prior spelling of every planned phone number
// that denotes the same number in region (the provider's default_country),
// so that reformatting plans nothing. prior holds the state's fields (zero
// for a new object).
func (f *ContactFields) KeepPriorPhones(prior *ContactFields, region string) {
	for _, a := range ContactAttributes {
		if a.Kind != KindPhone {
			continue
		}
		planned := framework.PhoneNumberValue{StringValue: *a.Field(f)}
		*a.Field(f) = framework.KeepEquivalentPhone(framework.PhoneNumberValue{StringValue: *a.Field(prior)}, planned, region).StringValue
	}
}

// PlanVersion applies the API version's rules to the planned fields f,
// given the configuration's (config): an attribute the provider's
// api_version cannot carry is an error at the attribute below at when
// configured (a value not known yet is left to the client, which refuses
// it before sending anything), and one the API defaults is planned null
// when not configured, instead of a value known only after apply.
func (f *ContactFields) PlanVersion(config *ContactFields, at path.Path, data *framework.ProviderData, diags *diag.Diagnostics) {
	for _, a := range ContactAttributes {
		if a.Feature == "" || data.Supports(a.Feature) {
			continue
		}
		switch v := *a.Field(config); {
		case framework.IsSet(v):
			data.CheckSupported(a.Feature, at.AtName(a.Name), a.Name, diags)
		case v.IsNull() && a.Defaulted():
			*a.Field(f) = types.StringNull()
		}
	}
}

// contactSummaryAttributes returns the attributes of one contact of the
// bestsms_contacts data source (the listed attributes, as strings), and
// contactSummaryType their object type.
func contactSummaryAttributes() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{
		"id": dsschema.StringAttribute{MarkdownDescription: "The contact's id.", Computed: true},
	}
	for _, a := range ContactAttributes {
		if a.Listed {
			attrs[a.Name] = dsschema.StringAttribute{MarkdownDescription: a.readDescription(), Computed: true}
		}
	}
	return attrs
}

func contactSummaryType() types.ObjectType {
	t := types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType}}
	for _, a := range ContactAttributes {
		if a.Listed {
			t.AttrTypes[a.Name] = types.StringType
		}
	}
	return t
}

// contactSummary is one contact of bestsms_contacts: its id and listed
// attributes, as the API holds them (empty strings included).
func contactSummary(c *client.Contact) (types.Object, diag.Diagnostics) {
	values := map[string]attr.Value{"id": types.StringValue(c.ID)}
	for _, a := range ContactAttributes {
		if a.Listed {
			values[a.Name] = types.StringValue(*a.API(c))
		}
	}
	return types.ObjectValue(contactSummaryType().AttrTypes, values)
}
