package provider

import (
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
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

// contactFields are the writable attributes of a contact, as a model. It is
// embedded by value in contactModel (bestsms_contact and the bestsms_contact
// data source) and can be the element model of a nested object of contacts.
// Each field has one entry in contactAttributes, which gives its schema,
// description and client field; TestContactAttributesCoverTheModel checks
// that the two agree.
type contactFields struct {
	ViewBy            types.String     `tfsdk:"view_by"`
	EditBy            types.String     `tfsdk:"edit_by"`
	Attention         types.String     `tfsdk:"attention"`
	Title             types.String     `tfsdk:"title"`
	Company           types.String     `tfsdk:"company"`
	CompanyDepartment types.String     `tfsdk:"company_department"`
	FirstName         types.String     `tfsdk:"first_name"`
	LastName          types.String     `tfsdk:"last_name"`
	Position          types.String     `tfsdk:"position"`
	StreetAddress     types.String     `tfsdk:"street_address"`
	Suburb            types.String     `tfsdk:"suburb"`
	City              types.String     `tfsdk:"city"`
	State             types.String     `tfsdk:"state"`
	Country           types.String     `tfsdk:"country"`
	Postcode          types.String     `tfsdk:"postcode"`
	MainPhone         PhoneNumberValue `tfsdk:"main_phone"`
	AltPhone1         PhoneNumberValue `tfsdk:"alt_phone1"`
	AltPhone2         PhoneNumberValue `tfsdk:"alt_phone2"`
	DirectPhone       PhoneNumberValue `tfsdk:"direct_phone"`
	MobilePhone       PhoneNumberValue `tfsdk:"mobile_phone"`
	FaxNumber         PhoneNumberValue `tfsdk:"fax_number"`
	EmailAddress      types.String     `tfsdk:"email_address"`
	WebAddress        types.String     `tfsdk:"web_address"`
	Custom1           types.String     `tfsdk:"custom1"`
	Custom2           types.String     `tfsdk:"custom2"`
	Custom3           types.String     `tfsdk:"custom3"`
	Custom4           types.String     `tfsdk:"custom4"`
}

// contactKind is how a contact attribute is typed, checked and converted.
type contactKind int

const (
	// kindText is free text; the API's empty string is null.
	kindText contactKind = iota
	// kindPhone is a phone number (PhoneNumberType): checked with the phone
	// rules, sent in E.164, kept in the configuration's spelling.
	kindPhone
	// kindVisibility is one of visibilityValues; the API defaults it.
	kindVisibility
)

// contactAttribute is one writable attribute of a contact: its name, kind
// and description, where it lives in contactFields and in client.Contact
// (whose writable list gives its wire name), whether it identifies a
// contact (a contact needs at least one such attribute set), and whether
// the bestsms_contacts data source lists it.
type contactAttribute struct {
	name        string
	kind        contactKind
	description string
	field       func(*contactFields) *types.String
	api         func(*client.Contact) *string
	identifies  bool
	listed      bool
}

// contactAttributes is the catalogue of contact attributes: it drives the
// schemas of bestsms_contact and of the bestsms_contact and
// bestsms_contacts data sources (and so their docs), the conversion to
// and from client.Contact, and the plan-time checks. The identifying
// attributes come first, in the order the "Empty Contact" error names them.
//
// Adding a contact field: a field in contactFields and an entry here (and,
// for a member the client does not send yet, client.Contact and its
// writable list).
var contactAttributes = []contactAttribute{
	{name: "attention", kind: kindText, identifies: true, listed: true,
		description: "Display name, also the `[[Attention]]` personalisation of messages.",
		field:       func(f *contactFields) *types.String { return &f.Attention },
		api:         func(c *client.Contact) *string { return &c.Attention }},
	{name: "first_name", kind: kindText, identifies: true, listed: true,
		description: "First name.",
		field:       func(f *contactFields) *types.String { return &f.FirstName },
		api:         func(c *client.Contact) *string { return &c.FirstName }},
	{name: "last_name", kind: kindText, identifies: true, listed: true,
		description: "Last name.",
		field:       func(f *contactFields) *types.String { return &f.LastName },
		api:         func(c *client.Contact) *string { return &c.LastName }},
	{name: "company", kind: kindText, identifies: true, listed: true,
		description: "Company name.",
		field:       func(f *contactFields) *types.String { return &f.Company },
		api:         func(c *client.Contact) *string { return &c.Company }},
	{name: "mobile_phone", kind: kindPhone, identifies: true, listed: true,
		description: "Mobile number, used when SMS is sent to the contact or its groups.",
		field:       func(f *contactFields) *types.String { return &f.MobilePhone.StringValue },
		api:         func(c *client.Contact) *string { return &c.MobilePhone }},
	{name: "main_phone", kind: kindPhone, identifies: true,
		description: "Main (voice) phone number.",
		field:       func(f *contactFields) *types.String { return &f.MainPhone.StringValue },
		api:         func(c *client.Contact) *string { return &c.MainPhone }},
	{name: "direct_phone", kind: kindPhone, identifies: true,
		description: "Direct phone number.",
		field:       func(f *contactFields) *types.String { return &f.DirectPhone.StringValue },
		api:         func(c *client.Contact) *string { return &c.DirectPhone }},
	{name: "alt_phone1", kind: kindPhone, identifies: true,
		description: "First alternative phone number.",
		field:       func(f *contactFields) *types.String { return &f.AltPhone1.StringValue },
		api:         func(c *client.Contact) *string { return &c.AltPhone1 }},
	{name: "alt_phone2", kind: kindPhone, identifies: true,
		description: "Second alternative phone number.",
		field:       func(f *contactFields) *types.String { return &f.AltPhone2.StringValue },
		api:         func(c *client.Contact) *string { return &c.AltPhone2 }},
	{name: "fax_number", kind: kindPhone, identifies: true,
		description: "Fax number.",
		field:       func(f *contactFields) *types.String { return &f.FaxNumber.StringValue },
		api:         func(c *client.Contact) *string { return &c.FaxNumber }},
	{name: "email_address", kind: kindText, identifies: true, listed: true,
		description: "E-mail address.",
		field:       func(f *contactFields) *types.String { return &f.EmailAddress },
		api:         func(c *client.Contact) *string { return &c.EmailAddress }},

	{name: "view_by", kind: kindVisibility,
		description: "Who can see the contact.",
		field:       func(f *contactFields) *types.String { return &f.ViewBy },
		api:         func(c *client.Contact) *string { return &c.ViewBy }},
	{name: "edit_by", kind: kindVisibility,
		description: "Who can edit the contact.",
		field:       func(f *contactFields) *types.String { return &f.EditBy },
		api:         func(c *client.Contact) *string { return &c.EditBy }},
	{name: "title", kind: kindText,
		description: "Title, for example `Mr`, `Ms` or `Dr`.",
		field:       func(f *contactFields) *types.String { return &f.Title },
		api:         func(c *client.Contact) *string { return &c.Title }},
	{name: "company_department", kind: kindText,
		description: "Department within the company (the API's `RecipDepartment`).",
		field:       func(f *contactFields) *types.String { return &f.CompanyDepartment },
		api:         func(c *client.Contact) *string { return &c.Department }},
	{name: "position", kind: kindText, listed: true,
		description: "Position or job title.",
		field:       func(f *contactFields) *types.String { return &f.Position },
		api:         func(c *client.Contact) *string { return &c.Position }},
	{name: "street_address", kind: kindText,
		description: "Street address.",
		field:       func(f *contactFields) *types.String { return &f.StreetAddress },
		api:         func(c *client.Contact) *string { return &c.StreetAddress }},
	{name: "suburb", kind: kindText,
		description: "Suburb.",
		field:       func(f *contactFields) *types.String { return &f.Suburb },
		api:         func(c *client.Contact) *string { return &c.Suburb }},
	{name: "city", kind: kindText,
		description: "City.",
		field:       func(f *contactFields) *types.String { return &f.City },
		api:         func(c *client.Contact) *string { return &c.City }},
	{name: "state", kind: kindText,
		description: "State or region.",
		field:       func(f *contactFields) *types.String { return &f.State },
		api:         func(c *client.Contact) *string { return &c.State }},
	{name: "country", kind: kindText,
		description: "Country.",
		field:       func(f *contactFields) *types.String { return &f.Country },
		api:         func(c *client.Contact) *string { return &c.Country }},
	{name: "postcode", kind: kindText,
		description: "Postcode.",
		field:       func(f *contactFields) *types.String { return &f.Postcode },
		api:         func(c *client.Contact) *string { return &c.Postcode }},
	{name: "web_address", kind: kindText,
		description: "Web address.",
		field:       func(f *contactFields) *types.String { return &f.WebAddress },
		api:         func(c *client.Contact) *string { return &c.WebAddress }},
	{name: "custom1", kind: kindText, listed: true,
		description: "Custom field 1.",
		field:       func(f *contactFields) *types.String { return &f.Custom1 },
		api:         func(c *client.Contact) *string { return &c.Custom1 }},
	{name: "custom2", kind: kindText, listed: true,
		description: "Custom field 2.",
		field:       func(f *contactFields) *types.String { return &f.Custom2 },
		api:         func(c *client.Contact) *string { return &c.Custom2 }},
	{name: "custom3", kind: kindText, listed: true,
		description: "Custom field 3.",
		field:       func(f *contactFields) *types.String { return &f.Custom3 },
		api:         func(c *client.Contact) *string { return &c.Custom3 }},
	{name: "custom4", kind: kindText, listed: true,
		description: "Custom field 4.",
		field:       func(f *contactFields) *types.String { return &f.Custom4 },
		api:         func(c *client.Contact) *string { return &c.Custom4 }},
}

// Descriptions of the contact attributes that are not fields: the
// server-assigned id and owner.
const (
	contactIDDescription    = "The contact's id (the API's `ContactID`)."
	contactOwnerDescription = "The API user that owns the contact, for example `COM\\EXAMPLE\\TEST`."
)

// resourceAttribute is the attribute as a resource (or a nested object of
// a resource) declares it: optional, checked at plan time.
func (a contactAttribute) resourceAttribute() schema.StringAttribute {
	switch a.kind {
	case kindPhone:
		return schema.StringAttribute{
			MarkdownDescription: a.description + " " + phoneRulesMarkdown + " Sent to the API in E.164. Spellings of the same " +
				"number (`0421 000 001`, `+61 421 000 001`) are equal, so reformatting never shows a diff.",
			Optional:   true,
			CustomType: PhoneNumberType{},
			Validators: []validator.String{phoneValidator},
		}
	case kindVisibility:
		return schema.StringAttribute{
			MarkdownDescription: a.description + " " + visibilityMarkdown + "; the API defaults it (to `Account`) when omitted.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(visibilityValues...)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	default:
		return schema.StringAttribute{MarkdownDescription: a.description, Optional: true}
	}
}

// readDescription is the attribute's description where it is read, not
// written (data sources).
func (a contactAttribute) readDescription() string {
	switch a.kind {
	case kindPhone:
		return strings.TrimSuffix(a.description, ".") + ", as the API holds it."
	case kindVisibility:
		return a.description + " " + visibilityMarkdown + "."
	default:
		return a.description
	}
}

// contactResourceAttributes returns the schema attributes of every contact
// field, for a resource or a nested object of one.
func contactResourceAttributes() map[string]schema.Attribute {
	attrs := make(map[string]schema.Attribute, len(contactAttributes))
	for _, a := range contactAttributes {
		attrs[a.name] = a.resourceAttribute()
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
	for _, a := range contactAttributes {
		s := dsschema.StringAttribute{MarkdownDescription: a.readDescription(), Computed: true}
		if a.kind == kindPhone {
			s.CustomType = PhoneNumberType{}
		}
		attrs[a.name] = s
	}
	return attrs
}

// toClient converts the fields into the API's contact. Phone numbers are
// sent in E.164, read in region when written in national format.
func (f *contactFields) toClient(region string) (client.Contact, error) {
	var c client.Contact
	for _, a := range contactAttributes {
		v := a.field(f)
		if a.kind != kindPhone {
			*a.api(&c) = v.ValueString()
			continue
		}
		if v.IsNull() || v.ValueString() == "" {
			continue
		}
		e164, err := phone.Normalize(v.ValueString(), region)
		if err != nil {
			return c, fmt.Errorf("%s: %w", a.name, err)
		}
		*a.api(&c) = e164
	}
	return c, nil
}

// fromClient sets the fields from the API's contact. An empty API value
// becomes null, unless the fields already hold "" (a configuration that
// set the attribute to the empty string), so the state always matches the
// configuration. A phone number keeps the fields' spelling when it denotes
// the same number as the API's, national numbers read in region (the
// provider's default_country); otherwise the API's value is taken, so that
// a number stored wrongly in the API shows as drift. Visibility attributes
// take the API's value, which the API defaults.
func (f *contactFields) fromClient(c *client.Contact, region string) {
	for _, a := range contactAttributes {
		v, api := a.field(f), *a.api(c)
		switch a.kind {
		case kindPhone:
			*v = keepConfiguredPhone(api, PhoneNumberValue{StringValue: *v}, region).StringValue
		case kindVisibility:
			*v = types.StringValue(api)
		default:
			*v = optionalString(api, *v)
		}
	}
}

// missingIdentity returns, when none of the identifying attributes (a name,
// a phone number or an e-mail address) is set to something other than
// white space, their names; nil otherwise. Unknown values count as set.
func (f *contactFields) missingIdentity() []string {
	var names []string
	for _, a := range contactAttributes {
		if !a.identifies {
			continue
		}
		if v := a.field(f); v.IsUnknown() || strings.TrimSpace(v.ValueString()) != "" {
			return nil
		}
		names = append(names, a.name)
	}
	return names
}

// emptyContactDetail is the detail of the "Empty Contact" error, given the
// names missingIdentity returned.
func emptyContactDetail(names []string) string {
	return "A contact needs at least one of " + strings.Join(names, ", ") + " set to something other than white space; " +
		"without a name, a phone number or an e-mail address it would be a blank record in the address book."
}

// planPhones applies the phone rules of region (the provider's
// default_country) to every planned phone number, reporting problems at
// the attribute below at, and keeps the prior spelling of a number that
// denotes the same number in region, so that reformatting plans nothing.
// prior holds the state's fields (zero for a new object).
func (f *contactFields) planPhones(prior *contactFields, at path.Path, region string, diags *diag.Diagnostics) {
	for _, a := range contactAttributes {
		if a.kind != kindPhone {
			continue
		}
		planned := PhoneNumberValue{StringValue: *a.field(f)}
		checkPhone(planned, at.AtName(a.name), region, diags)
		*a.field(f) = keepEquivalentPhone(PhoneNumberValue{StringValue: *a.field(prior)}, planned, region).StringValue
	}
}

// contactSummaryAttributes returns the attributes of one contact of the
// bestsms_contacts data source (the listed attributes, as strings), and
// contactSummaryType their object type.
func contactSummaryAttributes() map[string]dsschema.Attribute {
	attrs := map[string]dsschema.Attribute{
		"id": dsschema.StringAttribute{MarkdownDescription: "The contact's id.", Computed: true},
	}
	for _, a := range contactAttributes {
		if a.listed {
			attrs[a.name] = dsschema.StringAttribute{MarkdownDescription: a.readDescription(), Computed: true}
		}
	}
	return attrs
}

func contactSummaryType() types.ObjectType {
	t := types.ObjectType{AttrTypes: map[string]attr.Type{"id": types.StringType}}
	for _, a := range contactAttributes {
		if a.listed {
			t.AttrTypes[a.name] = types.StringType
		}
	}
	return t
}

// contactSummary is one contact of bestsms_contacts: its id and listed
// attributes, as the API holds them (empty strings included).
func contactSummary(c *client.Contact) (types.Object, diag.Diagnostics) {
	values := map[string]attr.Value{"id": types.StringValue(c.ID)}
	for _, a := range contactAttributes {
		if a.listed {
			values[a.name] = types.StringValue(*a.api(c))
		}
	}
	return types.ObjectValue(contactSummaryType().AttrTypes, values)
}
