package addressbook

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ list.ListResourceWithConfigure = (*groupsLister)(nil)

// NewGroupsLister is the constructor of the bestsms_group list
// resource.
func NewGroupsLister() list.ListResource { return &groupsLister{} }

type groupsLister struct {
	lister
}

type groupsListerConfig struct {
	NameContains types.String `tfsdk:"name_contains"`
}

func (r *groupsLister) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupsLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the groups of the address book, to adopt them with `terraform query " +
			"-generate-config-out` (Terraform 1.14 and later); without a filter every group is found. Each result " +
			"is named by the group's name and code, like `Platform On Call (Platform_On_Call)`, and results are " +
			"sorted by that name. The groups are read with the paged group listing (one request per 100 groups). " +
			"Terraform stops at the list block's `limit` (100 unless set).",
		Attributes: map[string]schema.Attribute{
			"name_contains": schema.StringAttribute{
				MarkdownDescription: "Only the groups whose name contains this text, ignoring case.",
				Optional:            true,
				Validators:          []validator.String{framework.NotBlank},
			},
		},
	}
}

func (r *groupsLister) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg groupsListerConfig
	if !r.listConfig(ctx, req, stream, &cfg) {
		return
	}
	groups, err := r.data.Client.AllGroups(ctx)
	if err != nil {
		stream.Results = framework.ListAPIFailed("Unable to List Groups", "list the groups", err)
		return
	}
	var results []framework.Found
	for _, g := range groups {
		if framework.IsSet(cfg.NameContains) && !containsFold(g.Name, cfg.NameContains.ValueString()) {
			continue
		}
		results = append(results, framework.Found{
			Name:     groupDisplayName(&g),
			Key:      g.ID,
			Identity: idIdentity{ID: types.StringValue(g.ID)},
			Resource: func() any {
				var m groupModel
				m.fromClient(&g)
				return &m
			},
		})
	}
	stream.Results = framework.StreamFound(ctx, req, results)
}
