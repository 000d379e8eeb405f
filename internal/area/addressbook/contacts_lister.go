package addressbook

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var _ list.ListResourceWithConfigure = (*contactsLister)(nil)

// NewContactsLister is the constructor of the bestsms_contact list
// resource.
func NewContactsLister() list.ListResource { return &contactsLister{} }

type contactsLister struct {
	lister
}

type contactsListerConfig struct {
	GroupID      types.String `tfsdk:"group_id"`
	NameContains types.String `tfsdk:"name_contains"`
	MobilePhone  types.String `tfsdk:"mobile_phone"`
	EmailAddress types.String `tfsdk:"email_address"`
}

func (r *contactsLister) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contact"
}

func (r *contactsLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the contacts of the address book, to adopt them with `terraform query " +
			"-generate-config-out` (Terraform 1.14 and later). Every filter set must match; without filters every " +
			"contact is found. Each result is named like `Ana Lima (+61421000001)`: the contact's name (`attention`, " +
			"else `first_name` and `last_name`, else `company`) and its mobile number (else another phone number, else " +
			"its e-mail address). Results are sorted by that name. The contacts are read with the paged contact " +
			"listing, about one request per 100 contacts, plus one listing of the group's members with `group_id`. " +
			"Terraform stops at the list block's `limit` (100 unless set).",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				MarkdownDescription: "Only the members of this group: its id, a UUID (not its code).",
				Optional:            true,
				Validators:          []validator.String{framework.GroupIDValidator},
			},
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "Only contacts whose `attention`, `first_name`, `last_name`, first and last name " +
					"together, or `company` contains this text, ignoring case.",
				Optional:   true,
				Validators: []validator.String{framework.NotBlank},
			},
			"mobile_phone": schema.StringAttribute{
				MarkdownDescription: "Only the contacts with this mobile number, in any spelling: numbers are compared " +
					"as E.164, so `0421 000 001` finds `+61421000001`. " + framework.PhoneRulesMarkdown,
				Optional:   true,
				Validators: []validator.String{framework.PhoneValidator},
			},
			"email_address": schema.StringAttribute{
				MarkdownDescription: "Only the contacts with this e-mail address (exact, ignoring case and surrounding " +
					"white space).",
				Optional:   true,
				Validators: []validator.String{framework.NotBlank},
			},
		},
	}
}

func (r *contactsLister) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg contactsListerConfig
	if !r.listConfig(ctx, req, stream, &cfg) {
		return
	}
	region := r.data.DefaultCountry
	var mobile string
	if framework.IsSet(cfg.MobilePhone) {
		e164, err := phone.Normalize(cfg.MobilePhone.ValueString(), region)
		if err != nil {
			var diags diag.Diagnostics
			diags.AddAttributeError(path.Root("mobile_phone"), "Invalid Phone Number", err.Error())
			stream.Results = framework.ListFailed(diags)
			return
		}
		mobile = e164
	}
	contacts, err := r.data.Client.AllContacts(ctx)
	if err != nil {
		stream.Results = framework.ListAPIFailed("Unable to List Contacts", "list the contacts", err)
		return
	}
	var members map[string]bool
	if framework.IsSet(cfg.GroupID) {
		groupID := cfg.GroupID.ValueString()
		ids, err := r.data.Client.GroupMemberIDs(ctx, groupID)
		if client.IsNotFound(err) {
			stream.Results = framework.ListFailed(groupNotFound(groupID))
			return
		}
		if err != nil {
			stream.Results = framework.ListAPIFailed("Unable to List Contacts", "list the members of group "+groupID, err)
			return
		}
		members = make(map[string]bool, len(ids))
		for _, id := range ids {
			members[id] = true
		}
	}

	var results []framework.Found
	for _, c := range contacts {
		switch {
		case members != nil && !members[c.ID],
			framework.IsSet(cfg.NameContains) && !contactNameContains(&c, cfg.NameContains.ValueString()),
			mobile != "" && (c.MobilePhone == "" || !phone.EqualIn(c.MobilePhone, mobile, region)),
			framework.IsSet(cfg.EmailAddress) && !strings.EqualFold(strings.TrimSpace(c.EmailAddress), strings.TrimSpace(cfg.EmailAddress.ValueString())):
			continue
		}
		results = append(results, framework.Found{
			Name:     contactDisplayName(&c, region),
			Key:      c.ID,
			Identity: idIdentity{ID: types.StringValue(c.ID)},
			Resource: func() any {
				var m contactModel
				m.fromClient(&c, region)
				return &m
			},
		})
	}
	stream.Results = framework.StreamFound(ctx, req, results)
}

// contactNameContains reports whether one of the contact's names contains
// text, ignoring case.
func contactNameContains(c *client.Contact, text string) bool {
	for _, name := range []string{c.Attention, c.FirstName, c.LastName, c.FirstName + " " + c.LastName, c.Company} {
		if containsFold(name, text) {
			return true
		}
	}
	return false
}

// groupNotFound is the error of a group_id filter naming no group.
func groupNotFound(groupID string) (diags diag.Diagnostics) {
	diags.AddAttributeError(path.Root("group_id"), "Group Not Found", fmt.Sprintf(
		"No group has the id %q. Use the id of an existing group: `terraform query` with a list \"bestsms_group\" "+
			"block, or data.bestsms_group, shows the ids.", groupID))
	return diags
}
