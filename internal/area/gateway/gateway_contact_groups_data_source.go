package gateway

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*gatewayContactGroupsDataSource)(nil)

// NewGatewayContactGroupsDataSource is the constructor of
// bestsms_gateway_contact_groups.
func NewGatewayContactGroupsDataSource() datasource.DataSource {
	return &gatewayContactGroupsDataSource{}
}

type gatewayContactGroupsDataSource struct {
	data *framework.ProviderData
}

type gatewayContactGroupsModel struct {
	Groups map[string]types.Int64 `tfsdk:"groups"`
	Names  []types.String         `tfsdk:"names"`
}

func (d *gatewayContactGroupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_contact_groups"
}

func (d *gatewayContactGroupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every contact group of the legacy Best SMS Gateway (`api_v1`) sub-account with its number " +
			"of contacts (`get_contact_groups`). Groups exist only as the group names of contacts: a group without " +
			"contacts is not listed.",
		Attributes: map[string]schema.Attribute{
			"groups": schema.MapAttribute{
				MarkdownDescription: "Group name → number of contacts.",
				Computed:            true,
				ElementType:         types.Int64Type,
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "The group names, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (d *gatewayContactGroupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_contact_groups", &resp.Diagnostics)
}

func (d *gatewayContactGroupsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	groups, err := d.data.Gateway.ContactGroups(ctx)
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Contact Groups", "list the gateway's contact groups (get_contact_groups)", err)
		return
	}
	m := gatewayContactGroupsModel{Groups: make(map[string]types.Int64, len(groups)), Names: make([]types.String, 0, len(groups))}
	names := make([]string, 0, len(groups))
	for name, n := range groups {
		m.Groups[name] = types.Int64Value(int64(n))
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		m.Names = append(m.Names, types.StringValue(name))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
