package gateway

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var (
	_ resource.ResourceWithConfigure   = (*gatewayGroupContactsResource)(nil)
	_ resource.ResourceWithImportState = (*gatewayGroupContactsResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*gatewayGroupContactsResource)(nil)
)

// NewGatewayGroupContactsResource is the constructor of
// bestsms_gateway_group_contacts.
func NewGatewayGroupContactsResource() resource.Resource { return &gatewayGroupContactsResource{} }

type gatewayGroupContactsResource struct {
	data *framework.ProviderData
}

type gatewayGroupContactsModel struct {
	ID        types.String `tfsdk:"id"`
	GroupName types.String `tfsdk:"group_name"`
	Phones    types.Set    `tfsdk:"phones"`
}

func (r *gatewayGroupContactsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_group_contacts"
}

func (r *gatewayGroupContactsResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete phone list of one group of the legacy Best SMS Gateway (`api_v1`) " +
			"sub-account (authoritative), for rosters: numbers added to the group outside Terraform show as drift " +
			"and are removed by the next apply, and a change adds and removes only the difference (one `save_contacts` " +
			"and one `delete_contacts`), so the contacts that stay keep their `contact_id`. A number the group holds " +
			"twice is kept once. Creating it takes the group over as it is. Destroying it deletes every contact of " +
			"the group. Needs the provider's `gateway` block. Do not combine it with `bestsms_gateway_contact` in the " +
			"same group. Import with the group name.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The group name (same as `group_name`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_name": schema.StringAttribute{
				MarkdownDescription: "The group (`group_name` of its contacts). No commas (api_v1 lists groups " +
					"comma-separated). Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{gatewayGroupName},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"phones": schema.SetAttribute{
				MarkdownDescription: "Every phone number of the group. " + framework.PhoneRulesMarkdown + " Sent in international " +
					"form; spellings of the same number are equal, and two spellings of one number are an error. An " +
					"empty set empties the group.",
				Required:    true,
				ElementType: framework.PhoneNumberType{},
				Validators:  []validator.Set{setvalidator.ValueStringsAre(framework.PhoneValidator)},
			},
		},
	}
}

func (r *gatewayGroupContactsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_group_contacts", &resp.Diagnostics)
}

// phones returns the set's numbers; ok is false while it is unknown.
func phoneElements(s types.Set) ([]framework.PhoneNumberValue, bool) {
	if s.IsNull() || s.IsUnknown() {
		return nil, false
	}
	out := make([]framework.PhoneNumberValue, 0, len(s.Elements()))
	for _, e := range s.Elements() {
		v, ok := e.(framework.PhoneNumberValue)
		if !ok || v.IsUnknown() {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

func phoneSet(values []framework.PhoneNumberValue) (types.Set, diag.Diagnostics) {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, v)
	}
	return types.SetValue(framework.PhoneNumberType{}, elems)
}

// ModifyPlan applies the phone rules of default_country to every number,
// rejects two spellings of one number, and keeps the state's spelling of
// numbers that did not change, so that reformatting plans nothing.
func (r *gatewayGroupContactsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var plan, state gatewayGroupContactsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	planned, known := phoneElements(plan.Phones)
	if !known {
		return
	}
	prior, _ := phoneElements(state.Phones)
	region := r.data.DefaultCountry
	seen := map[string]string{}
	out := make([]framework.PhoneNumberValue, 0, len(planned))
	for _, v := range planned {
		p := path.Root("phones").AtSetValue(v)
		if !framework.CheckPhone(v, p, region, &resp.Diagnostics) {
			continue
		}
		number, err := gatewayNumber(v.ValueString(), region)
		if err != nil {
			resp.Diagnostics.AddAttributeError(p, "Invalid Phone Number", err.Error())
			continue
		}
		if other, dup := seen[number]; dup {
			resp.Diagnostics.AddAttributeError(p, "Duplicate Phone Number", fmt.Sprintf(
				"%q and %q are both +%s in default_country %s: list each number once.", other, v.ValueString(), number, region))
			continue
		}
		seen[number] = v.ValueString()
		kept := v
		for _, s := range prior {
			if framework.KeepEquivalentPhone(s, v, region).Equal(s) {
				kept = s
				break
			}
		}
		out = append(out, kept)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	set, d := phoneSet(out)
	resp.Diagnostics.Append(d...)
	plan.Phones = set
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// groupState lists the phones to store: each number the group holds, in the spelling of prior when prior holds the
// same number in region, sorted by number.
func (r *gatewayGroupContactsResource) groupState(ctx context.Context, group string, prior []framework.PhoneNumberValue) ([]framework.PhoneNumberValue, error) {
	_, members, err := inGroup(ctx, r.data.Gateway, group, "")
	if err != nil {
		return nil, err
	}
	region := r.data.DefaultCountry
	var phones []framework.PhoneNumberValue
	seen := map[string]bool{}
	for _, c := range members {
		stored := gatewayStoredPhone(c.Phone)
		if seen[stored] {
			continue
		}
		seen[stored] = true
		v := framework.PhoneNumberValue{StringValue: types.StringValue(stored)}
		for _, p := range prior {
			if phone.EqualIn(p.ValueString(), stored, region) {
				v = p
				break
			}
		}
		phones = append(phones, v)
	}
	slices.SortFunc(phones, func(a, b framework.PhoneNumberValue) int { return strings.Compare(a.ValueString(), b.ValueString()) })
	return phones, nil
}

// converge makes the group hold exactly the planned numbers: one
// save_contacts for the numbers it lacks, one delete_contacts for the
// contacts whose number is not planned (and the second contact of a number
// held twice). It reports what it could not do.
func (r *gatewayGroupContactsResource) converge(ctx context.Context, group string, planned []framework.PhoneNumberValue, summary string, diags *diag.Diagnostics) {
	region := r.data.DefaultCountry
	want := map[string]bool{}
	for _, v := range planned {
		number, err := gatewayNumber(v.ValueString(), region)
		if err != nil {
			diags.AddAttributeError(path.Root("phones").AtSetValue(v), "Invalid Phone Number", err.Error())
			return
		}
		want[number] = true
	}
	_, members, err := inGroup(ctx, r.data.Gateway, group, "")
	if err != nil {
		framework.AddGatewayError(diags, summary, fmt.Sprintf("list the contacts of group %q", group), err)
		return
	}
	have := map[string]bool{}
	var remove []string
	for _, c := range members {
		number := strings.TrimPrefix(gatewayStoredPhone(c.Phone), "+")
		if !want[number] || have[number] {
			remove = append(remove, c.ID)
			continue
		}
		have[number] = true
	}
	var add []string
	for number := range want {
		if !have[number] {
			add = append(add, number)
		}
	}
	slices.Sort(add)
	if len(add) > 0 {
		if _, err := r.data.Gateway.SaveContacts(ctx, gatewayapi.SaveContactsRequest{PhoneNumbers: add, GroupName: group}); err != nil {
			framework.AddGatewayError(diags, summary,
				fmt.Sprintf("add %d number(s) to group %q (+%s)", len(add), group, strings.Join(add, ", +")), err)
			return
		}
	}
	if len(remove) > 0 {
		if _, err := r.data.Gateway.DeleteContacts(ctx, gatewayapi.ContactQuery{ContactIDs: remove}); err != nil && !gatewayapi.IsNotFound(err) {
			framework.AddGatewayError(diags, summary,
				fmt.Sprintf("remove %d contact(s) from group %q (contact_id %s)", len(remove), group, strings.Join(remove, ", ")), err)
		}
	}
}

// apply converges the group to the plan and stores what the group holds
// afterwards. When the group does not hold the planned numbers then, it
// says which differ (the state shows them, so the next plan repairs).
func (r *gatewayGroupContactsResource) apply(ctx context.Context, plan gatewayGroupContactsModel, summary string, state *tfsdk.State, diags *diag.Diagnostics) {
	group := plan.GroupName.ValueString()
	planned, _ := phoneElements(plan.Phones)
	r.converge(ctx, group, planned, summary, diags)
	converged := !diags.HasError()
	// Store what the group holds now, also after a failed change, so that
	// the state tells the next plan what is left to do.
	phones, err := r.groupState(ctx, group, planned)
	if err != nil {
		framework.AddGatewayError(diags, "Unable to Read Gateway Group Contacts", fmt.Sprintf("list the contacts of group %q after changing it", group), err)
		return
	}
	if missing, extra := phoneDifference(planned, phones); converged && len(missing)+len(extra) > 0 {
		diags.AddError("Gateway Group Contacts Not As Planned", fmt.Sprintf(
			"After the changes, group %q lacks %v and holds %v besides the planned numbers. Check the gateway's "+
				"answers in the log (TF_LOG=DEBUG); the next plan shows the difference.", group, missing, extra))
	}
	plan.ID = plan.GroupName
	set, d := phoneSet(phones)
	if diags.Append(d...); d.HasError() {
		return
	}
	plan.Phones = set
	diags.Append(state.Set(ctx, &plan)...)
}

// phoneDifference lists the planned values missing from got, and the values
// of got that are not planned (both compare exactly: got holds the planned
// spellings of the numbers it shares with the plan).
func phoneDifference(planned, got []framework.PhoneNumberValue) (missing, extra []string) {
	has := func(list []framework.PhoneNumberValue, v framework.PhoneNumberValue) bool {
		return slices.ContainsFunc(list, func(o framework.PhoneNumberValue) bool { return o.Equal(v) })
	}
	for _, v := range planned {
		if !has(got, v) {
			missing = append(missing, v.ValueString())
		}
	}
	for _, v := range got {
		if !has(planned, v) {
			extra = append(extra, v.ValueString())
		}
	}
	return missing, extra
}

func (r *gatewayGroupContactsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan gatewayGroupContactsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, "Unable to Create Gateway Group Contacts", &resp.State, &resp.Diagnostics)
}

func (r *gatewayGroupContactsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state gatewayGroupContactsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	prior, _ := phoneElements(state.Phones)
	group := state.GroupName.ValueString()
	phones, err := r.groupState(ctx, group, prior)
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Group Contacts", fmt.Sprintf("list the contacts of group %q", group), err)
		return
	}
	set, d := phoneSet(phones)
	if resp.Diagnostics.Append(d...); d.HasError() {
		return
	}
	state.ID = state.GroupName
	state.Phones = set
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *gatewayGroupContactsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan gatewayGroupContactsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.apply(ctx, plan, "Unable to Update Gateway Group Contacts", &resp.State, &resp.Diagnostics)
}

// Delete deletes every contact of the group, including numbers added since
// the last refresh: the resource owns the group.
func (r *gatewayGroupContactsResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state gatewayGroupContactsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.converge(ctx, state.GroupName.ValueString(), nil, "Unable to Delete Gateway Group Contacts", &resp.Diagnostics)
}

// ImportState imports a group by name; a group without contacts does not
// exist in api_v1, so it is an error.
func (r *gatewayGroupContactsResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if err := checkGatewayGroupName(req.ID); err != nil {
		resp.Diagnostics.AddError("Invalid Gateway Group Name", err.Error()+". Import with the group's name.")
		return
	}
	_, members, err := inGroup(ctx, r.data.Gateway, req.ID, "")
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Import Gateway Group Contacts", fmt.Sprintf("list the contacts of group %q", req.ID), err)
		return
	}
	if len(members) == 0 {
		resp.Diagnostics.AddError("Gateway Group Not Found", fmt.Sprintf(
			"No contact of the sub-account has group_name %q, and api_v1 groups exist only through their contacts. "+
				"Check the name (it is case-sensitive; the bestsms_gateway_contact_groups data source lists every group), "+
				"or create the resource instead of importing it.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_name"), req.ID)...)
}
