package addressbook

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ list.ListResourceWithConfigure = (*groupMembershipsLister)(nil)

// NewGroupMembershipsLister is the constructor of the
// bestsms_group_membership list resource.
func NewGroupMembershipsLister() list.ListResource { return &groupMembershipsLister{} }

type groupMembershipsLister struct {
	lister
}

type groupMembershipsListerConfig struct {
	GroupID types.String `tfsdk:"group_id"`
}

func (r *groupMembershipsLister) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group_membership"
}

func (r *groupMembershipsLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds group memberships (one contact in one group), to adopt them as " +
			"`bestsms_group_membership` resources with `terraform query -generate-config-out` (Terraform 1.14 and " +
			"later). `group_id` is optional: with it, the memberships of that group are found (one listing of its " +
			"members); without it, those of every group (one listing of the groups, then one of each group's " +
			"members, so an account with many groups costs a request per group). Each result is named by the contact " +
			"and the group, like `Ana Lima (+61421000001) in Platform On Call (Platform_On_Call)`, and results are " +
			"sorted by that name. Terraform stops at the list block's `limit` (100 unless set). To manage a group's " +
			"whole member list as one `bestsms_group_members` resource instead, import it by the group's id.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				MarkdownDescription: "Only the memberships of this group: its id, a UUID (not its code). Without it, " +
					"the memberships of every group.",
				Optional:   true,
				Validators: []validator.String{framework.GroupIDValidator},
			},
		},
	}
}

func (r *groupMembershipsLister) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg groupMembershipsListerConfig
	if !r.listConfig(ctx, req, stream, &cfg) {
		return
	}
	var groups []client.Group
	if framework.IsSet(cfg.GroupID) {
		g, err := r.data.Client.GetGroup(ctx, cfg.GroupID.ValueString())
		if client.IsNotFound(err) {
			stream.Results = framework.ListFailed(groupNotFound(cfg.GroupID.ValueString()))
			return
		}
		if err != nil {
			stream.Results = framework.ListAPIFailed("Unable to List Group Memberships", "read group "+cfg.GroupID.ValueString(), err)
			return
		}
		groups = []client.Group{*g}
	} else {
		var err error
		if groups, err = r.data.Client.AllGroups(ctx); err != nil {
			stream.Results = framework.ListAPIFailed("Unable to List Group Memberships", "list the groups", err)
			return
		}
	}
	// The contacts give the results their names.
	contacts, err := r.data.Client.AllContacts(ctx)
	if err != nil {
		stream.Results = framework.ListAPIFailed("Unable to List Group Memberships", "list the contacts", err)
		return
	}
	byID := make(map[string]*client.Contact, len(contacts))
	for i := range contacts {
		byID[contacts[i].ID] = &contacts[i]
	}

	var results []framework.Found
	for _, g := range groups {
		ids, err := r.data.Client.GroupMemberIDs(ctx, g.ID)
		if client.IsNotFound(err) {
			continue // deleted since the groups were listed
		}
		if err != nil {
			stream.Results = framework.ListAPIFailed("Unable to List Group Memberships", "list the members of group "+g.ID, err)
			return
		}
		for _, contactID := range ids {
			who := contactID
			if c, ok := byID[contactID]; ok {
				who = contactDisplayName(c, r.data.DefaultCountry)
			}
			m := groupMembershipModel{
				ID:        types.StringValue(membershipID(g.ID, contactID)),
				GroupID:   types.StringValue(g.ID),
				ContactID: types.StringValue(contactID),
			}
			results = append(results, framework.Found{
				Name:     who + " in " + groupDisplayName(&g),
				Key:      m.ID.ValueString(),
				Identity: membershipIdentity{GroupID: m.GroupID, ContactID: m.ContactID},
				Resource: func() any { return &m },
			})
		}
	}
	stream.Results = framework.StreamFound(ctx, req, results)
}
