package addressbook

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*contactsDataSource)(nil)

// NewContactsDataSource is the constructor of bestsms_contacts.
func NewContactsDataSource() datasource.DataSource { return &contactsDataSource{} }

type contactsDataSource struct {
	data *framework.ProviderData
}

type contactsModel struct {
	GroupID      types.String   `tfsdk:"group_id"`
	NameContains types.String   `tfsdk:"name_contains"`
	Company      types.String   `tfsdk:"company"`
	IDs          []types.String `tfsdk:"ids"`
	// Contacts holds contactSummary objects.
	Contacts types.List `tfsdk:"contacts"`
}

func (d *contactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_contacts"
}

func (d *contactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The contacts of the address book that match every filter given (all contacts without " +
			"filters), sorted by id so the order is stable.",
		Attributes: map[string]schema.Attribute{
			"group_id": schema.StringAttribute{
				MarkdownDescription: "Only the members of the group with this id (a UUID, not the group's code).",
				Optional:            true,
				Validators:          []validator.String{framework.GroupIDValidator},
			},
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "Only contacts whose attention, first name or last name contains this text (case-insensitive).",
				Optional:            true,
			},
			"company": schema.StringAttribute{
				MarkdownDescription: "Only contacts of this company (case-insensitive, exact).",
				Optional:            true,
			},
			"ids": schema.ListAttribute{
				MarkdownDescription: "The ids of the matching contacts, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"contacts": schema.ListNestedAttribute{
				MarkdownDescription: "The matching contacts, sorted by id.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: contactSummaryAttributes()},
			},
		},
	}
}

func (d *contactsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *contactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m contactsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		all []client.Contact
		err error
	)
	if framework.IsSet(m.GroupID) {
		all, err = d.data.Client.ListGroupMembers(ctx, m.GroupID.ValueString())
	} else {
		all, err = d.data.Client.ListContacts(ctx)
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Contacts", "list the contacts", err)
		return
	}
	needle := strings.ToLower(m.NameContains.ValueString())
	company := strings.TrimSpace(m.Company.ValueString())
	var matches []client.Contact
	for _, c := range all {
		if needle != "" && !strings.Contains(strings.ToLower(c.Attention+"\x00"+c.FirstName+"\x00"+c.LastName), needle) {
			continue
		}
		if company != "" && !strings.EqualFold(strings.TrimSpace(c.Company), company) {
			continue
		}
		matches = append(matches, c)
	}
	slices.SortFunc(matches, func(a, b client.Contact) int { return strings.Compare(a.ID, b.ID) })
	m.IDs = make([]types.String, 0, len(matches))
	summaries := make([]attr.Value, 0, len(matches))
	for _, c := range matches {
		m.IDs = append(m.IDs, types.StringValue(c.ID))
		s, diags := contactSummary(&c)
		resp.Diagnostics.Append(diags...)
		summaries = append(summaries, s)
	}
	var diags diag.Diagnostics
	m.Contacts, diags = types.ListValue(contactSummaryType(), summaries)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
