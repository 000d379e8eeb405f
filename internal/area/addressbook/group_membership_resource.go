package addressbook

import (
	"context"
	"fmt"
	"strings"

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
	_ resource.ResourceWithConfigure   = (*groupMembershipResource)(nil)
	_ resource.ResourceWithImportState = (*groupMembershipResource)(nil)
	_ resource.ResourceWithIdentity    = (*groupMembershipResource)(nil)
)

// NewGroupMembershipResource is the constructor of bestsms_group_membership.
func NewGroupMembershipResource() resource.Resource { return &groupMembershipResource{} }

type groupMembershipResource struct {
	data *framework.ProviderData
}

type groupMembershipModel struct {
	ID        types.String `tfsdk:"id"`
	GroupID   types.String `tfsdk:"group_id"`
	ContactID types.String `tfsdk:"contact_id"`
}

// membershipID is the resource id: "<group_id>/<contact_id>".
func membershipID(groupID, contactID string) string { return groupID + "/" + contactID }

// parseMembershipID splits an id made by membershipID; both parts must be
// ids (UUIDs), not codes or names.
func parseMembershipID(id string) (groupID, contactID string, err error) {
	parts := strings.Split(id, "/")
	if len(parts) != 2 || !framework.UUIDPattern.MatchString(parts[0]) || !framework.UUIDPattern.MatchString(parts[1]) {
		return "", "", fmt.Errorf("%s is not a membership id: expected <group_id>/<contact_id>, the group's and the "+
			"contact's ids (UUIDs, not a group code), for example "+
			"4000000b-f002-4007-b00a-c00000000001/17f2b37e-4706-41c8-8dcb-de90e24c2447", framework.Quoted(id))
	}
	return parts[0], parts[1], nil
}

func (r *groupMembershipResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_membership"
}

func (r *groupMembershipResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	idAttr := func(desc string, v framework.IDValidator) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc,
			Required:            true,
			Validators:          []validator.String{v},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "One contact's membership of one group. Non-authoritative: it adds and removes only " +
			"this contact and never touches the group's other members, so memberships can be managed from several " +
			"configurations. Creating a membership that already exists is an error, because destroying this resource " +
			"would then remove a membership that something else manages: import it instead, with " +
			"`<group_id>/<contact_id>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<group_id>/<contact_id>`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": idAttr("The group's id, a UUID (`bestsms_group.<name>.id` or `data.bestsms_group.<name>.id`; "+
				"not its code). Changing it replaces the membership.", framework.GroupIDValidator),
			"contact_id": idAttr("The contact's id, a UUID (`bestsms_contact.<name>.id`). Changing it replaces the membership.",
				framework.ContactIDValidator),
		},
	}
}

func (r *groupMembershipResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (r *groupMembershipResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan groupMembershipModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID, contactID := plan.GroupID.ValueString(), plan.ContactID.ValueString()
	// A membership that exists already belongs to someone else (another
	// configuration, a person in the dashboard): adopting it silently would
	// make this resource remove it on destroy. The check comes before the
	// add; an add whose outcome is unknown is replayed by the client (the
	// API treats adding a member as idempotent), so our own membership is
	// still adopted then.
	member, err := r.data.Client.IsGroupMember(ctx, groupID, contactID)
	if err != nil && !client.IsNotFound(err) {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Group Membership",
			fmt.Sprintf("check whether contact %s is already in group %s", contactID, groupID), err)
		return
	}
	if member {
		id := membershipID(groupID, contactID)
		resp.Diagnostics.AddError("Group Membership Already Exists", fmt.Sprintf(
			"Contact %s is already a member of group %s, and this resource did not make it one. Managing it here would "+
				"take it over: destroying this resource would remove a membership that another configuration or a person "+
				"manages. To manage it here, import it with the id %q (an import block with id = %q, or terraform import "+
				"<address> %s); otherwise remove this resource from the configuration. The membership was left as it is.",
			contactID, groupID, id, id, id))
		return
	}
	if err := r.data.Client.AddContactToGroup(ctx, groupID, contactID); err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Create Group Membership",
			fmt.Sprintf("add contact %s to group %s", contactID, groupID), err)
		return
	}
	plan.ID = types.StringValue(membershipID(groupID, contactID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	framework.SetIdentity(ctx, resp.Identity, plan.identity(), &resp.Diagnostics)
}

// Read checks the membership; a missing contact, a missing group and a
// contact outside the group all mean the membership is gone.
func (r *groupMembershipResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state groupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID, contactID := state.GroupID.ValueString(), state.ContactID.ValueString()
	member, err := r.data.Client.IsGroupMember(ctx, groupID, contactID)
	if client.IsNotFound(err) || (err == nil && !member) {
		framework.RemoveResource(ctx, resp, state.identity())
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Group Membership",
			fmt.Sprintf("check whether contact %s is in group %s", contactID, groupID), err)
		return
	}
	state.ID = types.StringValue(membershipID(groupID, contactID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	framework.SetIdentity(ctx, resp.Identity, state.identity(), &resp.Diagnostics)
}

func (r *groupMembershipResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {
	// Every attribute requires replacement; there is nothing to update.
}

func (r *groupMembershipResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state groupMembershipModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groupID, contactID := state.GroupID.ValueString(), state.ContactID.ValueString()
	err := r.data.Client.RemoveContactFromGroup(ctx, groupID, contactID)
	if err != nil && !client.IsNotFound(err) {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Delete Group Membership",
			fmt.Sprintf("remove contact %s from group %s", contactID, groupID), err)
	}
}

// identity is the membership's resource identity.
func (m groupMembershipModel) identity() membershipIdentity {
	return membershipIdentity{GroupID: m.GroupID, ContactID: m.ContactID}
}

// ImportState takes the id "<group_id>/<contact_id>" or, in an import block
// (Terraform 1.12 and later), the identity { group_id, contact_id }.
func (r *groupMembershipResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	var groupID, contactID string
	if req.ID == "" && req.Identity != nil {
		ids := identityIDs(ctx, req.Identity, []string{"group_id", "contact_id"}, []string{"group", "contact"}, &resp.Diagnostics)
		if ids == nil {
			return
		}
		groupID, contactID = ids[0], ids[1]
	} else {
		var err error
		if groupID, contactID, err = parseMembershipID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid Import ID", err.Error())
			return
		}
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), membershipID(groupID, contactID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("group_id"), groupID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("contact_id"), contactID)...)
}

func (r *groupMembershipResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"group_id":   identityschema.StringAttribute{RequiredForImport: true, Description: identityGroupIDDescription},
		"contact_id": identityschema.StringAttribute{RequiredForImport: true, Description: identityContactIDDescription},
	}}
}
