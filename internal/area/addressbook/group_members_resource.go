package addressbook

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
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
)

var (
	_ resource.ResourceWithConfigure   = (*groupMembersResource)(nil)
	_ resource.ResourceWithImportState = (*groupMembersResource)(nil)
	_ resource.ResourceWithIdentity    = (*groupMembersResource)(nil)
)

// NewGroupMembersResource is the constructor of bestsms_group_members.
func NewGroupMembersResource() resource.Resource { return &groupMembersResource{} }

type groupMembersResource struct {
	data *framework.ProviderData
}

type groupMembersModel struct {
	ID         types.String `tfsdk:"id"`
	GroupID    types.String `tfsdk:"group_id"`
	ContactIDs types.Set    `tfsdk:"contact_ids"`
}

func (r *groupMembersResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_members"
}

func (r *groupMembersResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete member list of one group (authoritative): members added outside Terraform " +
			"show as drift and are removed by the next apply, and changes add and remove only the difference. " +
			"Do not combine it with `bestsms_group_membership` on the same group, or the two will undo each other. " +
			"Import with the group's id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The group's id (same as `group_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": schema.StringAttribute{
				MarkdownDescription: "The group's id, a UUID (`bestsms_group.<name>.id` or `data.bestsms_group.<name>.id`; " +
					"not its code). Changing it replaces the resource.",
				Required:      true,
				Validators:    []validator.String{framework.GroupIDValidator},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"contact_ids": schema.SetAttribute{
				MarkdownDescription: "The ids of every contact in the group (`bestsms_contact.<name>.id`). An empty set " +
					"keeps the group empty.",
				Required:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.ValueStringsAre(framework.ContactIDValidator), distinctIDs{}},
			},
		},
	}
}

func (r *groupMembersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// memberIDs lists the group's members (all pages), sorted.
func (r *groupMembersResource) memberIDs(ctx context.Context, groupID string) ([]string, error) {
	members, err := r.data.Client.ListGroupMembers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(members))
	for _, c := range members {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids, nil
}

// reconcile adds and removes members until the group holds exactly want,
// starting from have. Ids are compared in any letter case (the API's), so
// a member spelled differently is neither added nor removed. Every change
// is attempted; the first error is returned after the rest were tried, so
// one bad id does not block others.
func (r *groupMembersResource) reconcile(ctx context.Context, groupID string, have, want []string) error {
	var firstErr error
	had, wanted := canonicalSet(have), canonicalSet(want)
	for _, id := range want {
		if !had[framework.CanonicalID(id)] {
			had[framework.CanonicalID(id)] = true // added once, however often want spells it
			if err := r.data.Client.AddContactToGroup(ctx, groupID, id); err != nil && firstErr == nil {
				firstErr = fmt.Errorf("adding contact %s: %w", id, err)
			}
		}
	}
	for _, id := range have {
		if !wanted[framework.CanonicalID(id)] {
			if err := r.data.Client.RemoveContactFromGroup(ctx, groupID, id); err != nil && !client.IsNotFound(err) && firstErr == nil {
				firstErr = fmt.Errorf("removing contact %s: %w", id, err)
			}
		}
	}
	return firstErr
}

// canonicalSet is the set of ids in canonical form.
func canonicalSet(ids []string) map[string]bool {
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		set[framework.CanonicalID(id)] = true
	}
	return set
}

// spelledAs returns the members (as the API lists them) in the spelling of
// prior where prior names the same contact in another letter case, so that
// the state keeps the configuration's spelling and plans show no change.
func spelledAs(members []string, prior types.Set) []string {
	spelling := map[string]string{}
	for _, v := range prior.Elements() {
		if s, ok := v.(types.String); ok && !s.IsNull() && !s.IsUnknown() {
			spelling[framework.CanonicalID(s.ValueString())] = s.ValueString()
		}
	}
	out := make([]string, len(members))
	for i, id := range members {
		out[i] = cmp.Or(spelling[framework.CanonicalID(id)], id)
	}
	return out
}

// converge brings the group from have to the plan's member set.
func (r *groupMembersResource) converge(ctx context.Context, plan *groupMembersModel, have []string) (diag.Diagnostics, error) {
	var want []string
	diags := plan.ContactIDs.ElementsAs(ctx, &want, false)
	if diags.HasError() {
		return diags, nil
	}
	plan.ID = plan.GroupID
	return diags, r.reconcile(ctx, plan.GroupID.ValueString(), have, want)
}

func (r *groupMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := plan.GroupID.ValueString()
	have, err := r.memberIDs(ctx, groupID)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Group Members", "list the members of group "+groupID, err)
		return
	}
	diags, err := r.converge(ctx, &plan, have)
	resp.Diagnostics.Append(diags...)
	if err != nil {
		// No state: the next apply starts again from the group's actual members.
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Group Members", "set the members of group "+groupID, err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, groupIDIdentity{GroupID: plan.GroupID}, &resp.Diagnostics)
}

func (r *groupMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.GroupID.ValueString()
	ids, err := r.memberIDs(ctx, groupID)
	if client.IsNotFound(err) {
		framework.RemoveResource(ctx, resp, groupIDIdentity{GroupID: state.GroupID})
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Group Members", "list the members of group "+groupID, err)
		return
	}
	state.ID = types.StringValue(groupID)
	state.ContactIDs, _ = types.SetValueFrom(ctx, types.StringType, spelledAs(ids, state.ContactIDs))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	framework.SetIdentity(ctx, resp.Identity, groupIDIdentity{GroupID: state.GroupID}, &resp.Diagnostics)
}

func (r *groupMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupMembersModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var have []string
	resp.Diagnostics.Append(state.ContactIDs.ElementsAs(ctx, &have, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	diags, err := r.converge(ctx, &plan, have)
	resp.Diagnostics.Append(diags...)
	if err != nil {
		groupID := plan.GroupID.ValueString()
		framework.AddRESTError(&resp.Diagnostics, "Unable to Update Group Members", "set the members of group "+groupID, err)
		// Keep the state true to the group, so the next plan shows what is left.
		if now, lerr := r.memberIDs(ctx, groupID); lerr == nil {
			plan.ContactIDs, _ = types.SetValueFrom(ctx, types.StringType, now)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, groupIDIdentity{GroupID: plan.GroupID}, &resp.Diagnostics)
}

func (r *groupMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupMembersModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID := state.GroupID.ValueString()
	have, err := r.memberIDs(ctx, groupID)
	if client.IsNotFound(err) {
		return // the group is gone, and its members with it
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Group Members", "list the members of group "+groupID, err)
		return
	}
	if err := r.reconcile(ctx, groupID, have, nil); err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Group Members", "remove the members of group "+groupID, err)
	}
}

// ImportState takes the group's id or, in an import block (Terraform 1.12
// and later), the identity { group_id }.
func (r *groupMembersResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	groupID := req.ID
	if req.ID == "" && req.Identity != nil {
		ids := identityIDs(ctx, req.Identity, []string{"group_id"}, []string{"group"}, &resp.Diagnostics)
		if ids == nil {
			return
		}
		groupID = ids[0]
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), groupID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), groupID)...)
}

func (r *groupMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id": identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
	}}
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
		if other, dup := seen[framework.CanonicalID(id)]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate Id", fmt.Sprintf(
				"%s and %s are the same id in different letter case, and the API takes them as one contact. "+
					"List each contact once.", framework.Quoted(other), framework.Quoted(id)))
			return
		}
		seen[framework.CanonicalID(id)] = id
	}
}
