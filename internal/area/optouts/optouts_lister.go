package optouts

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ list.ListResourceWithConfigure = (*optOutsLister)(nil)

// NewOptOutsLister is the constructor of the bestsms_optout list resource.
func NewOptOutsLister() list.ListResource { return &optOutsLister{} }

type optOutsLister struct {
	data *framework.ProviderData
}

type optOutsListerConfig struct {
	DestType  types.String `tfsdk:"dest_type"`
	ContactID types.String `tfsdk:"contact_id"`
}

func (r *optOutsLister) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_optout"
}

func (r *optOutsLister) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (r *optOutsLister) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the entries of the opt-out register, to adopt them with `terraform query " +
			"-generate-config-out` (Terraform 1.14 and later); without a filter every entry is found, those made by " +
			"STOP replies included. Each result is named by its destination (or contact) and type, like " +
			"`+61421000009 (SMS)`, with its sub-account and department when it has them, and results are sorted by " +
			"that name. Needs `api_version = \"v3.00\"`. The entries are read with the paged opt-out listing. " +
			"Terraform stops at the list block's `limit` (100 unless set).",
		Attributes: map[string]schema.Attribute{
			"dest_type": schema.StringAttribute{
				MarkdownDescription: "Only the entries of this message type. " + destTypeMarkdown,
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(destTypeSpellings...)},
			},
			"contact_id": schema.StringAttribute{
				MarkdownDescription: "Only the entries of this address-book contact (a UUID).",
				Optional:            true,
				Validators:          []validator.String{framework.ContactIDValidator},
			},
		},
	}
}

func (r *optOutsLister) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	if r.data == nil {
		stream.Results = framework.ListUnconfigured()
		return
	}
	var cfg optOutsListerConfig
	if diags := req.Config.Get(ctx, &cfg); diags.HasError() {
		stream.Results = framework.ListFailed(diags)
		return
	}
	var diags diag.Diagnostics
	if !r.data.CheckSupported(client.FeatureOptOuts, path.Empty(), `list "bestsms_optout"`, &diags) {
		stream.Results = framework.ListFailed(diags)
		return
	}
	all, err := r.data.Client.ListOptOuts(ctx, client.OptOutFilter{DestType: cfg.DestType.ValueString(), ContactID: cfg.ContactID.ValueString()})
	if err != nil {
		stream.Results = framework.ListAPIFailed("Unable to List Opt-Outs", "list the opt-outs", err)
		return
	}
	region := r.data.DefaultCountry
	results := make([]framework.Found, 0, len(all))
	for _, o := range all {
		results = append(results, framework.Found{
			Name:     displayName(&o, region),
			Key:      o.ID,
			Identity: idIdentity{ID: types.StringValue(o.ID)},
			Resource: func() any {
				var m optOutModel
				m.fromClient(&o, region)
				return &m
			},
		})
	}
	stream.Results = framework.StreamFound(ctx, req, results)
}
