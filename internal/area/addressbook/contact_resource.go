package addressbook

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var (
	_ resource.ResourceWithConfigure   = (*contactResource)(nil)
	_ resource.ResourceWithImportState = (*contactResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*contactResource)(nil)
	_ resource.ResourceWithIdentity    = (*contactResource)(nil)
)

// NewContactResource is the constructor of bestsms_contact.
func NewContactResource() resource.Resource { return &contactResource{} }

type contactResource struct {
	data *framework.ProviderData
}

// contactModel is bestsms_contact, and the bestsms_contact data source:
// the server-assigned id and owner, and the contact's fields.
type contactModel struct {
	ID    types.String `tfsdk:"id"`
	Owner types.String `tfsdk:"owner"`
	ContactFields
}

// fromClient sets the model from the API's contact (see
// ContactFields.FromClient).
func (m *contactModel) fromClient(c *client.Contact, region string) {
	m.ID = types.StringValue(c.ID)
	m.Owner = types.StringValue(c.Owner)
	m.ContactFields.FromClient(c, region) //nolint:staticcheck // QF1008: named, so it does not read as a call of the model's own fromClient
}

func (r *contactResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := ContactResourceAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: contactIDDescription,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	attrs["owner"] = schema.StringAttribute{
		MarkdownDescription: contactOwnerDescription,
		Computed:            true,
		PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A contact in the BestSMS address book. Every field can be changed in place. " +
			"A contact needs at least a name (`attention`, `first_name`, `last_name` or `company`), a phone number " +
			"or an e-mail address. Import with the contact's id (ContactID).",
		Attributes: attrs,
	}
}

func (r *contactResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan applies every check of a contact (see ContactFields.Check) to
// the configuration, phone numbers with the rules of the provider's
// default_country, so that one plan reports every problem on its attribute
// (an empty resource block, which would create a blank record, included),
// and keeps the prior spelling of a number that denotes the same number in
// default_country (a changed default_country or a number stored wrongly in
// the API plans an update).
func (r *contactResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var config, plan, state contactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	config.Check(ctx, path.Empty(), r.data.DefaultCountry, &resp.Diagnostics)
	plan.PlanVersion(&config.ContactFields, path.Empty(), r.data, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	plan.KeepPriorPhones(&state.ContactFields, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

func (r *contactResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, err := plan.ToClient(r.data.DefaultCountry)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Contact", err.Error())
		return
	}
	created, err := r.data.Client.CreateContact(ctx, in)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Contact", "create the contact", err)
		return
	}
	plan.fromClient(created, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *contactResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	c, err := r.data.Client.GetContact(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		framework.RemoveResource(ctx, resp, idIdentity{ID: state.ID})
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Contact", fmt.Sprintf("read contact %s", state.ID.ValueString()), err)
		return
	}
	state.fromClient(c, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: state.ID}, &resp.Diagnostics)
}

func (r *contactResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state contactModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, err := plan.ToClient(r.data.DefaultCountry)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Contact", err.Error())
		return
	}
	updated, err := r.data.Client.UpdateContact(ctx, state.ID.ValueString(), in)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Update Contact", fmt.Sprintf("update contact %s", state.ID.ValueString()), err)
		return
	}
	plan.fromClient(updated, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *contactResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state contactModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.Client.DeleteContact(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Contact", fmt.Sprintf("delete contact %s", state.ID.ValueString()), err)
	}
}

// ImportState takes the contact's id or, in an import block (Terraform 1.12
// and later), the identity { id }.
func (r *contactResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if req.ID == "" && req.Identity != nil {
		ids := identityIDs(ctx, req.Identity, []string{"id"}, []string{"contact"}, &resp.Diagnostics)
		if ids == nil {
			return
		}
		id = ids[0]
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *contactResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: identityContactIDDescription},
	}}
}
