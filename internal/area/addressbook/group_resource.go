package addressbook

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
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
	"github.com/bestsms/terraform-provider-bestsms/internal/groupcode"
)

var (
	_ resource.ResourceWithConfigure   = (*groupResource)(nil)
	_ resource.ResourceWithImportState = (*groupResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*groupResource)(nil)
	_ resource.ResourceWithIdentity    = (*groupResource)(nil)
)

// NewGroupResource is the constructor of bestsms_group.
func NewGroupResource() resource.Resource { return &groupResource{} }

type groupResource struct {
	data *framework.ProviderData
}

type groupModel struct {
	ID         types.String `tfsdk:"id"`
	Name       types.String `tfsdk:"name"`
	Code       types.String `tfsdk:"code"`
	SubAccount types.String `tfsdk:"sub_account"`
	Department types.String `tfsdk:"department"`
	ViewEditBy types.String `tfsdk:"view_edit_by"`
	Owner      types.String `tfsdk:"owner"`
	// AccessControl is v3.00's (client.FeatureGroupAccessControl).
	AccessControl types.String `tfsdk:"access_control"`
}

// toClient converts the model into the API's group.
func (m *groupModel) toClient() client.Group {
	return client.Group{
		Name:       m.Name.ValueString(),
		Code:       m.Code.ValueString(),
		SubAccount: m.SubAccount.ValueString(),
		Department: m.Department.ValueString(),
		ViewEditBy: m.ViewEditBy.ValueString(),
		// Unknown (the API's default, planned on v3.00): not sent.
		AccessControl: m.AccessControl.ValueString(),
	}
}

// fromClient sets the model from the API's group.
func (m *groupModel) fromClient(g *client.Group) {
	m.ID = types.StringValue(g.ID)
	m.Name = types.StringValue(g.Name)
	m.Code = types.StringValue(g.Code)
	m.SubAccount = framework.OptionalString(g.SubAccount, m.SubAccount)
	m.Department = framework.OptionalString(g.Department, m.Department)
	m.ViewEditBy = types.StringValue(g.ViewEditBy)
	m.Owner = types.StringValue(g.Owner)
	m.AccessControl = framework.OptionalString(g.AccessControl, types.StringNull())
}

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A group in the BestSMS address book. Messages can be sent to a whole group. " +
			"Import with the group's id (GroupID) or its code (GroupCode).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: groupDescription("id"),
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: groupDescription("name") + " It must contain something other than white space. Changing it updates the group in " +
					"place; the code stays the same.",
				Required: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					framework.NotBlank,
				},
			},
			"code": schema.StringAttribute{
				MarkdownDescription: groupDescription("code") + " When omitted " +
					"the API derives it from the name when the group is created, replacing white space with `_` " +
					"(`On Call Team` → `On_Call_Team`), and it never changes afterwards. Changing it replaces the group. " +
					"Codes are unique regardless of case: a plan that creates a group whose code (given or derived) " +
					"another group has already fails, naming that group. With `api_version = \"v3.00\"` the API " +
					"always assigns the code (a taken one gets a suffix, `_2`): setting `code` is an error at plan time, " +
					"except to the code the group already has.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.LengthBetween(1, 100),
					stringvalidator.RegexMatches(regexp.MustCompile(`^\S+$`), "must not contain white space"),
					framework.ErrorCheck("Invalid Group Code", "not a dot segment (. or ..)", groupcode.Check),
				},
				PlanModifiers: []planmodifier.String{
					stringplanmodifier.UseStateForUnknown(),
					stringplanmodifier.RequiresReplaceIfConfigured(),
				},
			},
			"sub_account": schema.StringAttribute{
				MarkdownDescription: groupDescription("sub_account") + " Defaults to the provider's `sub_account`.",
				Optional:            true,
				Computed:            true,
			},
			"department": schema.StringAttribute{
				MarkdownDescription: groupDescription("department") + " Defaults to the provider's `department`.",
				Optional:            true,
				Computed:            true,
			},
			"view_edit_by": schema.StringAttribute{
				MarkdownDescription: groupDescription("view_edit_by") + " " + framework.VisibilityMarkdown +
					"; the API defaults it (to `Account`) when omitted.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(framework.VisibilityValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"owner": schema.StringAttribute{
				MarkdownDescription: groupDescription("owner"),
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"access_control": schema.StringAttribute{
				MarkdownDescription: groupDescription("access_control") + " " + accessControlMarkdown + "; the API " +
					"defaults it (to `Limited`) when omitted. API v3.00 only: with v2.03 and v2.04 setting it is an " +
					"error at plan time, and it is null.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stringvalidator.OneOf(AccessControlValues...)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *groupResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan applies the API version's rules (planVersion), fills
// sub_account and department from the provider's defaults when the
// configuration leaves them out (null when there is no default), and, on
// the versions where codes are written, checks that a group about to be
// created gets a code no other group has (checkCodeFree).
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var config, plan, state groupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if r.planVersion(config, &plan, state, req.State.Raw.IsNull(), &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	// On v3.00 the API picks a free code itself (wire-protocol-v3.md §4.3).
	if r.data.Supports(client.FeatureGroupCode) && (req.State.Raw.IsNull() ||
		(framework.IsSet(plan.Code) && !strings.EqualFold(plan.Code.ValueString(), state.Code.ValueString()))) {
		r.checkCodeFree(ctx, config, state.ID.ValueString(), &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if config.SubAccount.IsNull() {
		plan.SubAccount = framework.OptionalString(r.data.SubAccount, types.StringNull())
	}
	if config.Department.IsNull() {
		plan.Department = framework.OptionalString(r.data.Department, types.StringNull())
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planVersion applies the API version's rules: on v3.00, which assigns
// group codes, a configured code is an error unless the group has it
// already (a configuration moved from v2 keeps its codes); on v2.0x a
// configured access_control is an error, and an omitted one is null.
func (r *groupResource) planVersion(config groupModel, plan *groupModel, state groupModel, creating bool, diags *diag.Diagnostics) {
	if framework.IsSet(config.Code) && !r.data.Supports(client.FeatureGroupCode) &&
		(creating || config.Code.ValueString() != state.Code.ValueString()) {
		derived := ""
		if framework.IsSet(config.Name) {
			derived = fmt.Sprintf(" (for the name %q, %q)", config.Name.ValueString(), groupcode.FromName(config.Name.ValueString()))
		}
		diags.AddAttributeError(path.Root("code"), "Not Supported By API Version "+r.data.APIVersion, fmt.Sprintf(
			"code %q cannot be written with api_version = %q: the BestSMS REST API %s assigns every new group's code "+
				"itself, from the name%s. Remove code and read the group's code from the attribute after apply; a "+
				"group that already has a code keeps it, and a configuration that names exactly that code plans "+
				"nothing. To choose codes, set the provider's api_version to %s.",
			config.Code.ValueString(), r.data.APIVersion, r.data.APIVersion, derived, framework.OrList(framework.VersionsWith(client.FeatureGroupCode))))
	}
	if !r.data.Supports(client.FeatureGroupAccessControl) {
		if framework.IsSet(config.AccessControl) {
			r.data.CheckSupported(client.FeatureGroupAccessControl, path.Root("access_control"), "access_control", diags)
		} else if config.AccessControl.IsNull() {
			plan.AccessControl = types.StringNull()
		}
	}
}

// checkCodeFree fails the plan of a new group (or of one replaced for a new
// code) whose code, given or derived from the name as the API does, belongs
// to another group already: the API would refuse it at apply with
// "GroupCode already exists", which names neither the code nor the fix.
// exceptID is the group being replaced, if any.
func (r *groupResource) checkCodeFree(ctx context.Context, config groupModel, exceptID string, diags *diag.Diagnostics) {
	attr, code := "code", config.Code.ValueString()
	if config.Code.IsNull() {
		if config.Name.IsUnknown() {
			return
		}
		attr, code = "name", groupcode.FromName(config.Name.ValueString())
	}
	if config.Code.IsUnknown() || code == "" {
		return
	}
	if err := groupcode.Check(code); attr == "name" && err != nil && r.data.Client.APIVersion() == client.APIVersion203 {
		diags.AddAttributeError(path.Root("name"), "Invalid Group Code", fmt.Sprintf("The name %s gives the group "+
			"a code the provider cannot address on API v2.03, which puts group codes in request paths: %v. Set code, "+
			"or use api_version v2.04, which addresses groups by id.", framework.Quoted(config.Name.ValueString()), err))
		return
	}
	groups, err := framework.AreaValue[groupListing](r.data, groupListingKey{}).list(ctx, r.data.Client)
	if err != nil {
		framework.AddRESTError(diags, "Unable to Plan Group", fmt.Sprintf("list the groups to check that the code %q is free", code), err)
		return
	}
	for _, g := range groups {
		if g.ID == exceptID || !strings.EqualFold(g.Code, code) {
			continue
		}
		what := fmt.Sprintf("The code %q", code)
		if attr == "name" {
			what = fmt.Sprintf("The name %q gives the group the code %q (white space becomes \"_\")", config.Name.ValueString(), code)
		}
		diags.AddAttributeError(path.Root(attr), "Group Code Already In Use", fmt.Sprintf(
			"%s, but group %s (name %q) already has the code %q, and group codes are unique regardless of case. "+
				"Either set code to a code of your own, or, if that group is the one you mean, import it into this "+
				"resource (import id %s or %s) instead of creating another.",
			what, g.ID, g.Name, g.Code, g.ID, g.Code))
		return
	}
}

// groupListing lists the account's groups once per provider configuration
// (that is, per Terraform command), for the plan-time code check: a plan
// creating many groups lists them once, not once per group. A failed
// listing is not kept, so the next caller tries again.
//
// It is kept per configuration with the provider's data (framework.AreaValue, under
// groupListingKey).
type groupListing struct {
	mu     sync.Mutex
	groups []client.Group
	listed bool
}

// groupListingKey is the key of the groupListing of a configuration.
type groupListingKey struct{}

func (l *groupListing) list(ctx context.Context, c *client.Client) ([]client.Group, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.listed {
		return l.groups, nil
	}
	groups, err := c.ListGroups(ctx)
	if err != nil {
		return nil, err
	}
	l.groups, l.listed = groups, true
	return groups, nil
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	created, err := r.data.Client.CreateGroup(ctx, plan.toClient())
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Group", fmt.Sprintf("create group %q", plan.Name.ValueString()), err)
		return
	}
	plan.fromClient(created)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	g, err := r.data.Client.GetGroup(ctx, state.ID.ValueString())
	if client.IsNotFound(err) {
		framework.RemoveResource(ctx, resp, idIdentity{ID: state.ID})
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Group", fmt.Sprintf("read group %s", state.ID.ValueString()), err)
		return
	}
	state.fromClient(g)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: state.ID}, &resp.Diagnostics)
}

func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state groupModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	updated, err := r.data.Client.UpdateGroup(ctx, state.ID.ValueString(), plan.toClient())
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Update Group", fmt.Sprintf("update group %s", state.ID.ValueString()), err)
		return
	}
	plan.fromClient(updated)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, idIdentity{ID: plan.ID}, &resp.Diagnostics)
}

func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	err := r.data.Client.DeleteGroup(ctx, state.ID.ValueString())
	if err != nil && !client.IsNotFound(err) {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Group", fmt.Sprintf("delete group %s", state.ID.ValueString()), err)
	}
}

// ImportState accepts a GroupID or a GroupCode or, in an import block
// (Terraform 1.12 and later), the identity { id } (a GroupID only). A code
// is resolved to the group's id by listing the groups.
func (r *groupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if req.ID == "" && req.Identity != nil {
		ids := identityIDs(ctx, req.Identity, []string{"id"}, []string{"group"}, &resp.Diagnostics)
		if ids == nil {
			return
		}
		id = ids[0]
	}
	if !framework.UUIDPattern.MatchString(id) {
		g, err := r.data.Client.FindGroupByCode(ctx, id)
		if client.IsNotFound(err) {
			resp.Diagnostics.AddError("Cannot Import Group",
				fmt.Sprintf("No group has the id or code %s. Import with the group's GroupID (a UUID) or its GroupCode.", framework.Quoted(id)))
			return
		}
		if err != nil {
			framework.AddRESTError(&resp.Diagnostics, "Cannot Import Group", fmt.Sprintf("look up group code %s", framework.Quoted(id)), err)
			return
		}
		id = g.ID
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *groupResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
	}}
}
