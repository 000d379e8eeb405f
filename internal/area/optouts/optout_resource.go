package optouts

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/resourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var (
	_ resource.ResourceWithConfigure        = (*optOutResource)(nil)
	_ resource.ResourceWithImportState      = (*optOutResource)(nil)
	_ resource.ResourceWithModifyPlan       = (*optOutResource)(nil)
	_ resource.ResourceWithConfigValidators = (*optOutResource)(nil)
	_ resource.ResourceWithIdentity         = (*optOutResource)(nil)
)

// NewOptOutResource is the constructor of bestsms_optout.
func NewOptOutResource() resource.Resource { return &optOutResource{} }

type optOutResource struct {
	data *framework.ProviderData
}

// idIdentity is the identity of an opt-out: its id.
type idIdentity struct {
	ID types.String `tfsdk:"id"`
}

var rootDestType = path.Root("dest_type")

// kind names the resource in diagnostics.
const kind = "bestsms_optout"

func (r *optOutResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_optout"
}

func (r *optOutResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaced := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	kept := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An entry of the BestSMS opt-out register: a phone number, an e-mail address or an " +
			"address-book contact that must not get messages of one type (`dest_type`), in every sub-account and " +
			"department or in one. A send to an opted-out destination is accepted, but that recipient is not " +
			"messaged: its status is `Failed` with `Destination is blacklisted` (`bestsms_message` with " +
			"`wait_for_delivery` says it has opted out). Needs `api_version = \"v3.00\"` (an error at plan time with " +
			"another version). `notes` and `stop_message` change in place; any other change replaces the entry. " +
			"Import with the entry's id; an entry deleted outside Terraform is created again.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The entry's id (a UUID; the API's `OptOutID`).",
				Computed:            true,
				PlanModifiers:       kept,
			},
			"dest_type": schema.StringAttribute{
				MarkdownDescription: "The message type the entry stops. " + destTypeMarkdown + " Changing it to another " +
					"type replaces the entry.",
				Required:      true,
				Validators:    []validator.String{stringvalidator.OneOf(destTypeSpellings...)},
				PlanModifiers: []planmodifier.String{sameDestType{}, stringplanmodifier.RequiresReplace()},
			},
			"destination": schema.StringAttribute{
				MarkdownDescription: "Who opted out: a phone number for `SMS`, `Voice` and `Fax` (" + framework.PhoneRulesMarkdown +
					" Sent in E.164; spellings of the same number are equal), an e-mail address for `Email` (compared " +
					"ignoring case). Exactly one of `destination` and `contact_id`. Changing it replaces the entry.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthBetween(1, 60), destinationValidator},
			},
			"contact_id": schema.StringAttribute{
				MarkdownDescription: "Who opted out, as an address-book contact (`bestsms_contact.<name>.id`, a UUID): " +
					"all of its numbers or addresses of `dest_type`. Exactly one of `destination` and `contact_id`. " +
					"Changing it replaces the entry.",
				Optional:      true,
				Validators:    []validator.String{framework.ContactIDValidator},
				PlanModifiers: replaced,
			},
			"sub_account": schema.StringAttribute{
				MarkdownDescription: "The sub-account the entry applies to (up to 60 characters); omitted, every " +
					"sub-account. The provider's `sub_account` does not apply: an opt-out is account-wide unless it " +
					"says otherwise. Changing it replaces the entry.",
				Optional:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 60)},
				PlanModifiers: replaced,
			},
			"department": schema.StringAttribute{
				MarkdownDescription: "The department the entry applies to (up to 60 characters); omitted, every " +
					"department. The provider's `department` does not apply. Changing it replaces the entry.",
				Optional:      true,
				Validators:    []validator.String{stringvalidator.LengthBetween(1, 60)},
				PlanModifiers: replaced,
			},
			"stop_message": schema.StringAttribute{
				MarkdownDescription: "The opt-out request as the person made it (\"Stop sending me these messages\"), " +
					"up to 1000 characters. Changes in place.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"notes": schema.StringAttribute{
				MarkdownDescription: "Free-text notes (up to 1000 characters), such as where the request came from. " +
					"Changes in place.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtMost(1000)},
			},
			"original_message": schema.StringAttribute{
				MarkdownDescription: "The message the person opted out from, for entries a STOP reply made; null otherwise.",
				Computed:            true,
				PlanModifiers:       kept,
			},
			"created": schema.StringAttribute{
				MarkdownDescription: "When the entry was made (RFC 3339, UTC).",
				Computed:            true,
				PlanModifiers:       kept,
			},
			"updated": schema.StringAttribute{
				MarkdownDescription: "When the entry was last changed (RFC 3339, UTC); null until it first is.",
				Computed:            true,
			},
		},
	}
}

func (r *optOutResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{
		resourcevalidator.ExactlyOneOf(path.MatchRoot("destination"), path.MatchRoot("contact_id")),
	}
}

func (r *optOutResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses an api_version without opt-outs, applies the phone
// rules of the provider's default_country to a phone destination, and
// replaces the entry when the destination changes, but not for another
// spelling of the same number or another case of the same e-mail address
// (which keeps the state's spelling: nothing to do).
func (r *optOutResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	if !r.data.CheckSupported(client.FeatureOptOuts, path.Empty(), kind, &resp.Diagnostics) {
		return
	}
	var plan, state optOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	destination := framework.PhoneNumberValue{StringValue: plan.Destination}
	if isPhoneType(plan.DestType.ValueString()) &&
		!framework.CheckPhone(destination, path.Root("destination"), r.data.DefaultCountry, &resp.Diagnostics) {
		return
	}
	if req.State.Raw.IsNull() {
		return
	}
	switch {
	case plan.Destination.Equal(state.Destination):
	case sameDestination(plan.DestType.ValueString(), state.Destination, plan.Destination, r.data.DefaultCountry):
		plan.Destination = state.Destination
	default:
		resp.RequiresReplace.Append(path.Root("destination"))
	}
	if plan.sameSettings(state) {
		// Only spellings differ: nothing to do, and the computed
		// attributes (updated) keep their values rather than becoming
		// unknown, as the framework planned them for a change.
		plan = state
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// sameDestination reports whether two known destinations of a type are the
// same: the same number in region, or the same e-mail address in any case.
func sameDestination(destType string, a, b types.String, region string) bool {
	if a.IsNull() || a.IsUnknown() || b.IsNull() || b.IsUnknown() {
		return false
	}
	if isPhoneType(destType) {
		return phone.EqualIn(a.ValueString(), b.ValueString(), region)
	}
	return strings.EqualFold(strings.TrimSpace(a.ValueString()), strings.TrimSpace(b.ValueString()))
}

func (r *optOutResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan optOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in, err := plan.toClient(r.data.DefaultCountry)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("destination"), "Invalid Opt-Out Destination", err.Error())
		return
	}
	created, err := r.data.Client.CreateOptOut(ctx, in)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Opt-Out", "create the opt-out", err)
		return
	}
	plan.fromClient(created, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *optOutResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state optOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || !r.data.CheckSupported(client.FeatureOptOuts, path.Empty(), kind, &resp.Diagnostics) {
		return
	}
	o, err := r.data.Client.GetOptOut(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		framework.RemoveResource(ctx, resp, idIdentity{ID: state.ID})
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Opt-Out", fmt.Sprintf("read opt-out %s", state.ID.ValueString()), err)
		return
	}
	state.fromClient(o, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: state.ID}, &resp.Diagnostics)
}

// Update changes notes and stop_message, the only attributes that change
// in place.
func (r *optOutResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state optOutModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.data.Client.UpdateOptOut(ctx, state.ID.ValueString(),
		client.OptOutUpdate{Notes: plan.Notes.ValueString(), StopMessage: plan.StopMessage.ValueString()})
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Update Opt-Out", fmt.Sprintf("update opt-out %s", state.ID.ValueString()), err)
		return
	}
	plan.fromClient(updated, r.data.DefaultCountry)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *optOutResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state optOutModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.Client.DeleteOptOut(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Opt-Out", fmt.Sprintf("delete opt-out %s", state.ID.ValueString()), err)
	}
}

// ImportState takes the entry's id or, in an import block (Terraform 1.12
// and later), the identity { id }.
func (r *optOutResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if req.ID == "" && req.Identity != nil {
		var v types.String
		resp.Diagnostics.Append(req.Identity.GetAttribute(ctx, path.Root("id"), &v)...)
		id = v.ValueString()
	}
	if !framework.UUIDPattern.MatchString(id) {
		resp.Diagnostics.AddError("Invalid Import ID", fmt.Sprintf(
			"%s is not an opt-out id: opt-out ids are UUIDs such as %s, as the bestsms_optouts data source and "+
				"`terraform query` (list \"bestsms_optout\") report them.", framework.Quoted(id), framework.ExampleUUID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *optOutResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "The opt-out's id (a UUID)."},
	}}
}

// sameDestType plans the state's dest_type when the configuration names
// the same type in its other spelling (Text for SMS, Speech for Voice), so
// that neither a diff nor a replacement is planned.
type sameDestType struct{}

func (sameDestType) Description(context.Context) string {
	return "keeps the state's spelling of the same message type"
}

func (m sameDestType) MarkdownDescription(ctx context.Context) string { return m.Description(ctx) }

func (sameDestType) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.PlanValue.IsNull() || req.PlanValue.IsUnknown() {
		return
	}
	if req.PlanValue.ValueString() != req.StateValue.ValueString() &&
		client.SameDestType(req.PlanValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
