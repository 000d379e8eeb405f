package addressbook

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var (
	_ resource.ResourceWithConfigure      = (*groupMembersResource)(nil)
	_ resource.ResourceWithImportState    = (*groupMembersResource)(nil)
	_ resource.ResourceWithIdentity       = (*groupMembersResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*groupMembersResource)(nil)
	_ resource.ResourceWithValidateConfig = (*groupMembersResource)(nil)
)

// NewGroupMembersResource is the constructor of bestsms_group_members.
func NewGroupMembersResource() resource.Resource { return &groupMembersResource{} }

// groupMembersResource is bestsms_group_members: the whole member list of
// one group. The work is done by groupMembersEngine on plain Go values
// (membersValue); its checks and plan modifiers (a new group_id replaces
// the roster, the id stays) are the engine's, not the schema's, so that
// both servers apply the same ones.
type groupMembersResource struct {
	data *framework.ProviderData
}

func (r *groupMembersResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = groupMembersTypeName
}

func (r *groupMembersResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The complete member list of one group (authoritative): members added outside Terraform " +
			"show as drift and are removed by the next apply, and changes add and remove only the difference. " +
			"Do not combine it with `bestsms_group_membership` on the same group, or the two will undo each other. " +
			"A plan that takes members out of the group (or creates the roster over a group with members it does " +
			"not name) warns, counting and naming them (`Group Members Removed`): Terraform counts it as one update. " +
			"Rosters of thousands are fine: every step is linear in the number of members. Import with the group's id.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The group's id (same as `group_id`).",
				Computed:            true,
			},
			"group_id": schema.StringAttribute{
				MarkdownDescription: "The group's id, a UUID (`bestsms_group.<name>.id` or `data.bestsms_group.<name>.id`; " +
					"not its code). Changing it replaces the resource.",
				Required: true,
			},
			"contact_ids": schema.ListAttribute{
				MarkdownDescription: "The ids of every contact in the group (`bestsms_contact.<name>.id`, " +
					"`values(bestsms_contact_list.<name>.contact_ids)`). Taken as a set: order and repeats do not matter, " +
					"and another order plans no change (it is a list because Terraform's own checks of a set attribute " +
					"grow with the square of its size). An empty list keeps the group empty.",
				Required:    true,
				ElementType: types.StringType,
			},
		},
	}
}

func (r *groupMembersResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (r *groupMembersResource) engine() groupMembersEngine { return groupMembersEngine{data: r.data} }

// The methods below adapt the engine to the framework: each reads the raw
// Terraform values, and writes the engine's result back raw. The provider's
// own server serves the resource with the engine directly
// (groupMembersServer); these serve it through any other.

func (r *groupMembersResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	if cfg, ok := r.decode(req.Config.Raw, &resp.Diagnostics); ok {
		resp.Diagnostics.Append(r.engine().validate(ctx, cfg)...)
	}
}

func (r *groupMembersResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	prior, ok1 := r.decode(req.State.Raw, &resp.Diagnostics)
	proposed, ok2 := r.decode(req.Plan.Raw, &resp.Diagnostics)
	if !ok1 || !ok2 {
		return
	}
	planned, replace, diags := r.engine().plan(ctx, prior, proposed)
	resp.Diagnostics.Append(diags...)
	resp.Plan.Raw = groupMembersType().encode(planned)
	resp.RequiresReplace = append(resp.RequiresReplace, replace...)
}

func (r *groupMembersResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if planned, ok := r.decode(req.Plan.Raw, &resp.Diagnostics); ok {
		r.respond(ctx, &resp.State, resp.Identity, r.engine().create(ctx, planned), &resp.Diagnostics)
	}
}

func (r *groupMembersResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if state, ok := r.decode(req.State.Raw, &resp.Diagnostics); ok {
		res := r.engine().read(ctx, state)
		framework.SetIdentity(ctx, resp.Identity, groupIDIdentity{GroupID: state.groupID}, &resp.Diagnostics)
		r.respond(ctx, &resp.State, nil, res, &resp.Diagnostics)
	}
}

func (r *groupMembersResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	prior, ok1 := r.decode(req.State.Raw, &resp.Diagnostics)
	planned, ok2 := r.decode(req.Plan.Raw, &resp.Diagnostics)
	if ok1 && ok2 {
		r.respond(ctx, &resp.State, resp.Identity, r.engine().update(ctx, prior, planned), &resp.Diagnostics)
	}
}

func (r *groupMembersResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if prior, ok := r.decode(req.State.Raw, &resp.Diagnostics); ok {
		r.respond(ctx, &resp.State, nil, r.engine().delete(ctx, prior), &resp.Diagnostics)
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
	resp.State.Raw = groupMembersType().encode(importedMembers(groupID))
	framework.SetIdentity(ctx, resp.Identity, groupIDIdentity{GroupID: types.StringValue(groupID)}, &resp.Diagnostics)
}

func (r *groupMembersResource) decode(v tftypes.Value, diags *diag.Diagnostics) (membersValue, bool) {
	mv, err := decodeMembers(v)
	if err != nil {
		addMembersValueError(diags, err)
	}
	return mv, err == nil
}

// respond stores the engine's result, and the identity when identity is
// given and the roster exists.
func (r *groupMembersResource) respond(ctx context.Context, state *tfsdk.State, identity *tfsdk.ResourceIdentity, res membersResult, diags *diag.Diagnostics) {
	diags.Append(res.diags...)
	state.Raw = groupMembersType().encode(res.value)
	if identity != nil && !res.value.null {
		framework.SetIdentity(ctx, identity, groupIDIdentity{GroupID: res.value.groupID}, diags)
	}
}

func (r *groupMembersResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id": identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
	}}
}
