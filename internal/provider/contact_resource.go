package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var (
	_ resource.ResourceWithConfigure      = (*contactResource)(nil)
	_ resource.ResourceWithImportState    = (*contactResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*contactResource)(nil)
	_ resource.ResourceWithValidateConfig = (*contactResource)(nil)
)

// NewContactResource is the constructor of bestsms_contact.
func NewContactResource() resource.Resource { return &contactResource{} }

type contactResource struct {
	data *providerData
}

type contactModel struct {
	ID                types.String     `tfsdk:"id"`
	Owner             types.String     `tfsdk:"owner"`
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

// textFields pairs each plain text attribute of the model with the client
// field it maps to; phoneFields does the same for phone numbers. Together
// they are the one mapping between bestsms_contact and client.Contact.
func (m *contactModel) textFields(c *client.Contact) []struct {
	attr *types.String
	api  *string
} {
	return []struct {
		attr *types.String
		api  *string
	}{
		{&m.Attention, &c.Attention}, {&m.Title, &c.Title}, {&m.Company, &c.Company},
		{&m.CompanyDepartment, &c.Department}, {&m.FirstName, &c.FirstName}, {&m.LastName, &c.LastName},
		{&m.Position, &c.Position}, {&m.StreetAddress, &c.StreetAddress}, {&m.Suburb, &c.Suburb},
		{&m.City, &c.City}, {&m.State, &c.State}, {&m.Country, &c.Country}, {&m.Postcode, &c.Postcode},
		{&m.EmailAddress, &c.EmailAddress}, {&m.WebAddress, &c.WebAddress},
		{&m.Custom1, &c.Custom1}, {&m.Custom2, &c.Custom2}, {&m.Custom3, &c.Custom3}, {&m.Custom4, &c.Custom4},
	}
}

type phoneField struct {
	name string
	attr *PhoneNumberValue
	api  *string
}

func (m *contactModel) phoneFields(c *client.Contact) []phoneField {
	return []phoneField{
		{"main_phone", &m.MainPhone, &c.MainPhone}, {"alt_phone1", &m.AltPhone1, &c.AltPhone1},
		{"alt_phone2", &m.AltPhone2, &c.AltPhone2}, {"direct_phone", &m.DirectPhone, &c.DirectPhone},
		{"mobile_phone", &m.MobilePhone, &c.MobilePhone}, {"fax_number", &m.FaxNumber, &c.FaxNumber},
	}
}

// toClient converts the model into the API's contact. Phone numbers are
// sent in E.164, read in region when written in national format.
func (m *contactModel) toClient(region string) (client.Contact, error) {
	var c client.Contact
	c.ViewBy = m.ViewBy.ValueString()
	c.EditBy = m.EditBy.ValueString()
	for _, f := range m.textFields(&c) {
		*f.api = f.attr.ValueString()
	}
	for _, f := range m.phoneFields(&c) {
		if f.attr.IsNull() || f.attr.ValueString() == "" {
			continue
		}
		e164, err := phone.Normalize(f.attr.ValueString(), region)
		if err != nil {
			return c, fmt.Errorf("%s: %w", f.name, err)
		}
		*f.api = e164
	}
	return c, nil
}

// fromClient sets the model from the API's contact. An empty API value
// becomes null, unless the model already holds "" (a configuration that set
// the attribute to the empty string), so the state always matches the
// configuration. A phone number keeps the model's spelling when it denotes
// the same number as the API's, national numbers read in region (the
// provider's default_country); otherwise the API's value is taken, so that
// a number stored wrongly in the API shows as drift.
func (m *contactModel) fromClient(c *client.Contact, region string) {
	m.ID = types.StringValue(c.ID)
	m.Owner = types.StringValue(c.Owner)
	m.ViewBy = types.StringValue(c.ViewBy)
	m.EditBy = types.StringValue(c.EditBy)
	for _, f := range m.textFields(c) {
		*f.attr = optionalString(*f.api, *f.attr)
	}
	for _, f := range m.phoneFields(c) {
		*f.attr = keepConfiguredPhone(*f.api, *f.attr, region)
	}
}

// optionalString maps an API string to an optional attribute: empty is null
// unless prior is a known empty string.
func optionalString(api string, prior types.String) types.String {
	if api == "" && (prior.IsNull() || prior.IsUnknown() || prior.ValueString() != "") {
		return types.StringNull()
	}
	return types.StringValue(api)
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	text := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true}
	}
	phoneAttr := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " " + phoneRulesMarkdown + " Sent to the API in E.164. Spellings of the same " +
				"number (`0421 000 001`, `+61 421 000 001`) are equal, so reformatting never shows a diff.",
			Optional:   true,
			CustomType: PhoneNumberType{},
			Validators: []validator.String{phoneValidator{}},
		}
	}
	visibility := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " One of `Account`, `SubAccount`, `Department`, `No`; the API defaults it (to `Account`) when omitted.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{stringvalidator.OneOf(visibilityValues...)},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		}
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact in the BestSMS address book. Every field can be changed in place. " +
			"A contact needs at least a name (`attention`, `first_name`, `last_name` or `company`), a phone number " +
			"or an e-mail address. Import with the contact's id (ContactID).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The contact's id (the API's `ContactID`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: "The API user that owns the contact, for example `COM\\EXAMPLE\\TEST`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"view_by":            visibility("Who can see the contact."),
			"edit_by":            visibility("Who can edit the contact."),
			"attention":          text("Display name, also the `[[Attention]]` personalisation of messages."),
			"title":              text("Title, for example `Mr`, `Ms` or `Dr`."),
			"company":            text("Company name."),
			"company_department": text("Department within the company (the API's `RecipDepartment`)."),
			"first_name":         text("First name."),
			"last_name":          text("Last name."),
			"position":           text("Position or job title."),
			"street_address":     text("Street address."),
			"suburb":             text("Suburb."),
			"city":               text("City."),
			"state":              text("State or region."),
			"country":            text("Country."),
			"postcode":           text("Postcode."),
			"main_phone":         phoneAttr("Main (voice) phone number."),
			"alt_phone1":         phoneAttr("First alternative phone number."),
			"alt_phone2":         phoneAttr("Second alternative phone number."),
			"direct_phone":       phoneAttr("Direct phone number."),
			"mobile_phone":       phoneAttr("Mobile number, used when SMS is sent to the contact or its groups."),
			"fax_number":         phoneAttr("Fax number."),
			"email_address":      text("E-mail address."),
			"web_address":        text("Web address."),
			"custom1":            text("Custom field 1."),
			"custom2":            text("Custom field 2."),
			"custom3":            text("Custom field 3."),
			"custom4":            text("Custom field 4."),
		},
	}
}

// visibilityValues are the values of ViewBy, EditBy and ViewEditBy.
var visibilityValues = []string{"Account", "SubAccount", "Department", "No"}

func (r *contactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

// identity returns the attributes of which a contact needs at least one (a
// name, a phone number or an e-mail address), with their values.
func (m *contactModel) identity() []struct {
	name string
	v    types.String
} {
	return []struct {
		name string
		v    types.String
	}{
		{"attention", m.Attention}, {"first_name", m.FirstName}, {"last_name", m.LastName}, {"company", m.Company},
		{"mobile_phone", m.MobilePhone.StringValue}, {"main_phone", m.MainPhone.StringValue},
		{"direct_phone", m.DirectPhone.StringValue}, {"alt_phone1", m.AltPhone1.StringValue},
		{"alt_phone2", m.AltPhone2.StringValue}, {"fax_number", m.FaxNumber.StringValue},
		{"email_address", m.EmailAddress},
	}
}

// ValidateConfig rejects a contact with nothing to identify it (an empty
// resource block would create a blank record). Unknown values count as set.
func (r *contactResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m contactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var names []string
	for _, a := range m.identity() {
		if a.v.IsUnknown() || strings.TrimSpace(a.v.ValueString()) != "" {
			return
		}
		names = append(names, a.name)
	}
	resp.Diagnostics.AddError("Empty Contact",
		"A contact needs at least one of "+strings.Join(names, ", ")+" set to something other than white space; "+
			"without a name, a phone number or an e-mail address it would be a blank record in the address book.")
}

// ModifyPlan applies the phone rules of the provider's default_country to
// every configured number, so that a number that would become a wrong
// number fails at plan time on its attribute, and keeps the prior spelling
// of a number that denotes the same number in default_country (a changed
// default_country or a number stored wrongly in the API plans an update).
func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, state contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	region := r.data.defaultCountry
	planned, prior := plan.phoneFields(&client.Contact{}), state.phoneFields(&client.Contact{})
	for i, f := range planned {
		checkPhone(*f.attr, path.Root(f.name), region, &resp.Diagnostics)
		*f.attr = keepEquivalentPhone(*prior[i].attr, *f.attr, region)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, err := plan.toClient(r.data.defaultCountry)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Contact", err.Error())
		return
	}
	created, err := r.data.client.CreateContact(ctx, in)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Create Contact", "create the contact", err)
		return
	}
	plan.fromClient(created, r.data.defaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := r.data.client.GetContact(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Read Contact", fmt.Sprintf("read contact %s", state.ID.ValueString()), err)
		return
	}
	state.fromClient(c, r.data.defaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, err := plan.toClient(r.data.defaultCountry)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Contact", err.Error())
		return
	}
	updated, err := r.data.client.UpdateContact(ctx, state.ID.ValueString(), in)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to Update Contact", fmt.Sprintf("update contact %s", state.ID.ValueString()), err)
		return
	}
	plan.fromClient(updated, r.data.defaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.client.DeleteContact(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Unable to Delete Contact", fmt.Sprintf("delete contact %s", state.ID.ValueString()), err)
	}
}

func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
