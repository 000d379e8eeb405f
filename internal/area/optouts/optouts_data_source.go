package optouts

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*optOutsDataSource)(nil)

// NewOptOutsDataSource is the constructor of bestsms_optouts.
func NewOptOutsDataSource() datasource.DataSource { return &optOutsDataSource{} }

type optOutsDataSource struct {
	data *framework.ProviderData
}

type optOutsModel struct {
	DestType          types.String  `tfsdk:"dest_type"`
	ContactID         types.String  `tfsdk:"contact_id"`
	CreatedWithinDays types.Int64   `tfsdk:"created_within_days"`
	Destinations      []string      `tfsdk:"destinations"`
	OptOuts           []optOutModel `tfsdk:"optouts"`
}

func (d *optOutsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_optouts"
}

func (d *optOutsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The entries of the opt-out register, every page of them, oldest first: the numbers, " +
			"e-mail addresses and contacts that must not be messaged. Entries made by STOP replies are included. " +
			"Needs `api_version = \"v3.00\"`.",
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
			"created_within_days": schema.Int64Attribute{
				MarkdownDescription: "Only the entries made in the last N days (1 to 36500).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.Between(1, 36500)},
			},
			"destinations": schema.ListAttribute{
				MarkdownDescription: "The `destination` of every entry that has one (phone numbers in E.164, e-mail " +
					"addresses), without repeats, sorted.",
				Computed:    true,
				ElementType: types.StringType,
			},
			"optouts": schema.ListNestedAttribute{
				MarkdownDescription: "The entries, oldest first; absent values are null.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":               computed("The entry's id (a UUID)."),
					"dest_type":        computed("The message type, `SMS`, `Email`, `Voice` or `Fax` (the API's `Text` and `Speech` read as `SMS` and `Voice`)."),
					"destination":      computed("The phone number (E.164) or e-mail address; null for a contact's entry."),
					"contact_id":       computed("The address-book contact; null for a destination's entry."),
					"sub_account":      computed("The sub-account it applies to; null for all."),
					"department":       computed("The department it applies to; null for all."),
					"stop_message":     computed("The opt-out request as the person made it."),
					"notes":            computed("Free-text notes."),
					"original_message": computed("The message the person opted out from (entries made by STOP replies)."),
					"created":          computed("When the entry was made (RFC 3339, UTC)."),
					"updated":          computed("When the entry was last changed (RFC 3339, UTC); null until it first is."),
				}},
			},
		},
	}
}

func (d *optOutsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *optOutsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m optOutsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !d.data.CheckSupported(client.FeatureOptOuts, path.Empty(), "data.bestsms_optouts", &resp.Diagnostics) {
		return
	}
	all, err := d.data.Client.ListOptOuts(ctx, client.OptOutFilter{
		DestType: m.DestType.ValueString(), ContactID: m.ContactID.ValueString(), CreatedWithinDays: int(m.CreatedWithinDays.ValueInt64()),
	})
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Opt-Outs", "list the opt-outs", err)
		return
	}
	slices.SortStableFunc(all, func(a, b client.OptOut) int { return cmp.Or(a.Created.Compare(b.Created), cmp.Compare(a.ID, b.ID)) })
	m.OptOuts = make([]optOutModel, 0, len(all))
	m.Destinations = []string{}
	for _, o := range all {
		e := optOutModel{}
		e.fromClient(&o, d.data.DefaultCountry)
		m.OptOuts = append(m.OptOuts, e)
		if o.Destination != "" {
			m.Destinations = append(m.Destinations, o.Destination)
		}
	}
	slices.Sort(m.Destinations)
	m.Destinations = slices.Compact(m.Destinations)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
