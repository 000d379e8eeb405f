package messaging

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*smsRepliesDataSource)(nil)

// NewSMSRepliesDataSource is the constructor of bestsms_sms_replies.
func NewSMSRepliesDataSource() datasource.DataSource { return &smsRepliesDataSource{} }

type smsRepliesDataSource struct {
	data *framework.ProviderData
}

type smsRepliesModel struct {
	MessageID  types.String          `tfsdk:"message_id"`
	ReplyCount types.Int64           `tfsdk:"reply_count"`
	Recipients []replyRecipientModel `tfsdk:"recipients"`
}

type replyRecipientModel struct {
	Destination types.String `tfsdk:"destination"`
	ContactID   types.String `tfsdk:"contact_id"`
	Replies     []replyModel `tfsdk:"replies"`
}

type replyModel struct {
	ReceivedID   types.String `tfsdk:"received_id"`
	From         types.String `tfsdk:"from"`
	Message      types.String `tfsdk:"message"`
	ReceivedTime types.String `tfsdk:"received_time"`
}

func (d *smsRepliesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sms_replies"
}

func (d *smsRepliesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SMS replies to a message, per recipient (a handset has 7 days to reply; later " +
			"messages count as new inbound SMS, see `bestsms_received_sms`). An unknown message id is an error.",
		Attributes: map[string]schema.Attribute{
			"message_id":  messageIDAttribute("The id of the message the replies answer."),
			"reply_count": schema.Int64Attribute{MarkdownDescription: "Replies across all recipients.", Computed: true},
			"recipients": schema.ListNestedAttribute{
				MarkdownDescription: "Every recipient of the message with its replies, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"destination": computed("The recipient's mobile number (E.164)."),
					"contact_id":  computed("The address-book contact the number came from, when it did."),
					"replies": schema.ListNestedAttribute{
						MarkdownDescription: "The recipient's replies.",
						Computed:            true,
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"received_id":   computed("The API's id of the received SMS."),
							"from":          computed("The number the reply came from."),
							"message":       computed("The reply's text."),
							"received_time": computed("When it was received (RFC 3339, UTC)."),
						}},
					},
				}},
			},
		},
	}
}

func (d *smsRepliesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *smsRepliesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m smsRepliesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	st, err := d.data.Client.SMSReplies(ctx, m.MessageID.ValueString())
	if err != nil {
		addMessageReadError(&resp.Diagnostics, "Unable to Read SMS Replies", m.MessageID.ValueString(), err)
		return
	}
	total := 0
	m.Recipients = make([]replyRecipientModel, 0, len(st.Recipients))
	for _, r := range st.Recipients {
		rm := replyRecipientModel{
			Destination: types.StringValue(r.Destination),
			ContactID:   types.StringValue(r.ContactID),
			Replies:     make([]replyModel, 0, len(r.Replies)),
		}
		for _, rep := range sortByTime(r.Replies, func(x client.Reply) time.Time { return x.Received }) {
			rm.Replies = append(rm.Replies, replyModel{
				ReceivedID:   types.StringValue(rep.ReceivedID),
				From:         types.StringValue(rep.From),
				Message:      types.StringValue(rep.MessageText),
				ReceivedTime: framework.TimeValue(rep.Received),
			})
		}
		total += len(r.Replies)
		m.Recipients = append(m.Recipients, rm)
	}
	m.ReplyCount = types.Int64Value(int64(total))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
