package gateway

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

var _ datasource.DataSourceWithConfigure = (*gatewayContactsDataSource)(nil)

// NewGatewayContactsDataSource is the constructor of bestsms_gateway_contacts.
func NewGatewayContactsDataSource() datasource.DataSource { return &gatewayContactsDataSource{} }

type gatewayContactsDataSource struct {
	data *framework.ProviderData
}

type gatewayContactsModel struct {
	GroupName  types.String                 `tfsdk:"group_name"`
	SearchTerm types.String                 `tfsdk:"search_term"`
	Phones     []types.String               `tfsdk:"phones"`
	Contacts   []gatewayContactSummaryModel `tfsdk:"contacts"`
}

type gatewayContactSummaryModel struct {
	ID        types.String `tfsdk:"id"`
	Phone     types.String `tfsdk:"phone"`
	FirstName types.String `tfsdk:"first_name"`
	LastName  types.String `tfsdk:"last_name"`
	GroupName types.String `tfsdk:"group_name"`
	CreatedAt types.String `tfsdk:"created_at"`
}

func (d *gatewayContactsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_contacts"
}

func (d *gatewayContactsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The contacts of the legacy Best SMS Gateway (`api_v1`) sub-account that match every filter " +
			"given (`fetch_contacts`, all pages; every contact without filters), sorted by id.",
		Attributes: map[string]schema.Attribute{
			"group_name": schema.StringAttribute{
				MarkdownDescription: "Only the contacts of this group (exact name).",
				Optional:            true,
				Validators:          []validator.String{gatewayGroupName},
			},
			"search_term": schema.StringAttribute{
				MarkdownDescription: "Only the contacts whose phone number, first or last name match this text, as the " +
					"gateway matches it (the reference calls it a rough match).",
				Optional:   true,
				Validators: []validator.String{framework.NotBlank},
			},
			"phones": schema.ListAttribute{
				MarkdownDescription: "The phone numbers of the matching contacts in E.164, in the order of `contacts`.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"contacts": schema.ListNestedAttribute{
				MarkdownDescription: "The matching contacts, sorted by id.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":         computed("The contact's `contact_id`."),
					"phone":      computed("The phone number in E.164 (the gateway stores it without `+`)."),
					"first_name": computed("First name; null when empty."),
					"last_name":  computed("Last name; null when empty."),
					"group_name": computed("The contact's group."),
					"created_at": computed("When the contact was saved, RFC 3339 in UTC; null when the gateway does not say."),
				}},
			},
		},
	}
}

func (d *gatewayContactsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_contacts", &resp.Diagnostics)
}

func (d *gatewayContactsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m gatewayContactsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	group := m.GroupName.ValueString()
	contacts, err := d.data.Gateway.FetchContacts(ctx, gatewayapi.ContactQuery{GroupName: group, SearchTerm: m.SearchTerm.ValueString()})
	if gatewayapi.IsNotFound(err) {
		contacts, err = nil, nil // no match is an empty list
	}
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Contacts", "list the gateway's contacts (fetch_contacts)", err)
		return
	}
	slices.SortFunc(contacts, func(a, b gatewayapi.Contact) int { return compareNumericIDs(a.ID, b.ID) })
	m.Phones, m.Contacts = []types.String{}, []gatewayContactSummaryModel{}
	for _, c := range contacts {
		if group != "" && c.GroupName != group {
			continue // the gateway's group filter is not documented as exact
		}
		e164 := types.StringValue(gatewayStoredPhone(c.Phone))
		m.Phones = append(m.Phones, e164)
		m.Contacts = append(m.Contacts, gatewayContactSummaryModel{
			ID: types.StringValue(c.ID), Phone: e164, GroupName: types.StringValue(c.GroupName),
			FirstName: framework.OptionalString(c.FirstName, types.StringNull()), LastName: framework.OptionalString(c.LastName, types.StringNull()),
			CreatedAt: framework.TimeValue(c.Time),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// compareNumericIDs orders api_v1 ids (whole numbers as text) by value;
// ids that are not numbers come after, in text order.
func compareNumericIDs(a, b string) int {
	na, errA := strconv.Atoi(a)
	nb, errB := strconv.Atoi(b)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
