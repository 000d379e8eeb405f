package addressbook

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*groupsDataSource)(nil)

// NewGroupsDataSource is the constructor of bestsms_groups.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct {
	data *framework.ProviderData
}

type groupsModel struct {
	Codes  []types.String `tfsdk:"codes"`
	Groups []groupModel   `tfsdk:"groups"`
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Every group of the address book, sorted by code.",
		Attributes: map[string]schema.Attribute{
			"codes": schema.ListAttribute{
				MarkdownDescription: "The codes of every group, sorted.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"groups": schema.ListNestedAttribute{
				MarkdownDescription: "Every group, sorted by code.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: groupDataSourceAttributes()},
			},
		},
	}
}

func (d *groupsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	groups, err := d.data.Client.ListGroups(ctx)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Groups", "list the groups", err)
		return
	}
	slices.SortFunc(groups, func(a, b client.Group) int { return strings.Compare(a.Code, b.Code) })
	m := groupsModel{Codes: make([]types.String, 0, len(groups)), Groups: make([]groupModel, 0, len(groups))}
	for _, g := range groups {
		var gm groupModel
		gm.fromClient(&g)
		m.Codes = append(m.Codes, types.StringValue(g.Code))
		m.Groups = append(m.Groups, gm)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
