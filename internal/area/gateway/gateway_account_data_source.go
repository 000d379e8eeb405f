package gateway

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*gatewayAccountDataSource)(nil)

// NewGatewayAccountDataSource is the constructor of bestsms_gateway_account.
func NewGatewayAccountDataSource() datasource.DataSource { return &gatewayAccountDataSource{} }

type gatewayAccountDataSource struct {
	data *framework.ProviderData
}

type gatewayAccountModel struct {
	SubAccountID      types.String `tfsdk:"sub_account_id"`
	SubAccount        types.String `tfsdk:"sub_account"`
	UserID            types.String `tfsdk:"user_id"`
	Balance           types.String `tfsdk:"balance"`
	NotificationEmail types.String `tfsdk:"notification_email"`
	DefaultDialCode   types.String `tfsdk:"default_dial_code"`
	TimezoneOffset    types.String `tfsdk:"timezone_offset"`
	DefaultSenderID   types.String `tfsdk:"default_sender_id"`
}

func (d *gatewayAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_account"
}

func (d *gatewayAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The legacy Best SMS Gateway (`api_v1`) sub-account of the provider's `gateway` block " +
			"(`account_info`): its credit, default sender, dial code and timezone offset. Values are text, as the " +
			"gateway sends them.",
		Attributes: map[string]schema.Attribute{
			"sub_account_id":     computed("The sub-account's id."),
			"sub_account":        computed("The sub-account's name as the gateway shows it (for `001_mysub1`, `mysub1`)."),
			"user_id":            computed("The id of the user that owns the sub-account."),
			"balance":            computed("The credit, as the gateway writes it (for example `1209`); `tonumber()` reads it."),
			"notification_email": computed("The e-mail address that receives the sub-account's notifications."),
			"default_dial_code": computed("The dial code the gateway gives numbers that start with 0 (for example `234`). " +
				"The provider sends every number in international form, read in its `default_country`, so this code " +
				"applies only to numbers stored by other means."),
			"timezone_offset": computed("The sub-account's offset from UTC in hours (for example `1`): the zone of " +
				"`send_at` times without `timezone_offset`, and of the dates of `bestsms_gateway_messages`."),
			"default_sender_id": computed("The sender id of messages that set none."),
		},
	}
}

func (d *gatewayAccountDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_account", &resp.Diagnostics)
}

func (d *gatewayAccountDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	a, err := d.data.Gateway.AccountInfo(ctx)
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Account", "read the gateway sub-account (account_info)", err)
		return
	}
	m := gatewayAccountModel{
		SubAccountID:      types.StringValue(a.SubAccountID),
		SubAccount:        types.StringValue(a.SubAccount),
		UserID:            types.StringValue(a.UserID),
		Balance:           types.StringValue(a.Balance),
		NotificationEmail: types.StringValue(a.NotificationEmail),
		DefaultDialCode:   types.StringValue(a.DefaultDialCode),
		TimezoneOffset:    types.StringValue(a.TimezoneOffset),
		DefaultSenderID:   types.StringValue(a.DefaultSenderID),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
