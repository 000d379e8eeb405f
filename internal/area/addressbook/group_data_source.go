package addressbook

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var (
	_ datasource.DataSourceWithConfigure        = (*groupDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*groupDataSource)(nil)
)

// NewGroupDataSource is the constructor of the bestsms_group data source.
func NewGroupDataSource() datasource.DataSource { return &groupDataSource{} }

type groupDataSource struct {
	data *framework.ProviderData
}

func (d *groupDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (d *groupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	lookup := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Computed: true}
	}
	attrs := groupDataSourceAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "Look the group up by its id (GroupID, a UUID; use `code` for its code).",
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{framework.IDValidator{Kind: "group", CodeAttr: "code"}},
	}
	attrs["code"] = lookup("Look the group up by its code (GroupCode); exact match preferred, else case-insensitive.")
	attrs["name"] = lookup("Look the group up by its name (exact).")
	resp.Schema = schema.Schema{
		MarkdownDescription: "One group of the address book, found by exactly one of `id`, `code` or `name`. It is an " +
			"error when no group, or (by name) more than one, matches.",
		Attributes: attrs,
	}
}

func (d *groupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(
		path.MatchRoot("id"), path.MatchRoot("code"), path.MatchRoot("name"),
	)}
}

func (d *groupDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *groupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m groupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var (
		g    *client.Group
		err  error
		attr string
		key  string
	)
	switch {
	case framework.IsSet(m.ID):
		attr, key = "id", m.ID.ValueString()
		g, err = d.data.Client.GetGroup(ctx, key)
	case framework.IsSet(m.Code):
		attr, key = "code", m.Code.ValueString()
		g, err = d.data.Client.FindGroupByCode(ctx, key)
	default:
		attr, key = "name", m.Name.ValueString()
		g, err = d.findByName(ctx, key, &resp.Diagnostics)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	if client.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Group Not Found", fmt.Sprintf("No group has the %s %q.", attr, key))
		return
	}
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Group", fmt.Sprintf("look up the group with %s %q", attr, key), err)
		return
	}
	m.fromClient(g)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// findByName lists the groups and returns the one named name; several
// matches are a diagnostic.
func (d *groupDataSource) findByName(ctx context.Context, name string, diags *diag.Diagnostics) (*client.Group, error) {
	groups, err := d.data.Client.ListGroups(ctx)
	if err != nil {
		return nil, err
	}
	var matches []client.Group
	for _, g := range groups {
		if g.Name == name {
			matches = append(matches, g)
		}
	}
	switch len(matches) {
	case 0:
		return nil, fmt.Errorf("group named %q: %w", name, client.ErrNotFound)
	case 1:
		return &matches[0], nil
	}
	codes := make([]string, len(matches))
	for i, g := range matches {
		codes[i] = g.Code
	}
	diags.AddAttributeError(path.Root("name"), "Several Groups Match", fmt.Sprintf(
		"%d groups are named %q (codes %s). Look the group up by code instead.", len(matches), name, strings.Join(codes, ", ")))
	return nil, nil
}
