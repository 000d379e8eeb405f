package messaging

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*messageStatusDataSource)(nil)

// NewMessageStatusDataSource is the constructor of bestsms_message_status.
func NewMessageStatusDataSource() datasource.DataSource { return &messageStatusDataSource{} }

type messageStatusDataSource struct {
	data *framework.ProviderData
}

type messageStatusModel struct {
	MessageID  types.String            `tfsdk:"message_id"`
	Status     types.String            `tfsdk:"status"`
	JobNumber  types.String            `tfsdk:"job_number"`
	Reference  types.String            `tfsdk:"reference"`
	SubAccount types.String            `tfsdk:"sub_account"`
	Department types.String            `tfsdk:"department"`
	Count      types.Int64             `tfsdk:"recipient_count"`
	Complete   types.Int64             `tfsdk:"complete_count"`
	Success    types.Int64             `tfsdk:"success_count"`
	Failed     types.Int64             `tfsdk:"failed_count"`
	Price      types.Float64           `tfsdk:"price"`
	Created    types.String            `tfsdk:"created"`
	Delayed    types.String            `tfsdk:"delayed_until"`
	Recipients []messageRecipientModel `tfsdk:"recipients"`
}

type messageRecipientModel struct {
	Destination types.String  `tfsdk:"destination"`
	ContactID   types.String  `tfsdk:"contact_id"`
	Status      types.String  `tfsdk:"status"`
	Result      types.String  `tfsdk:"result"`
	SentTime    types.String  `tfsdk:"sent_time"`
	Price       types.Float64 `tfsdk:"price"`
	OptedOut    types.Bool    `tfsdk:"opted_out"`
}

// messageIDAttribute is the required message_id of the message data sources.
func messageIDAttribute(desc string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: desc,
		Required:            true,
		Validators:          []validator.String{messageIDValidator},
	}
}

func (d *messageStatusDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message_status"
}

func (d *messageStatusDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	count := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The delivery status of a message sent through BestSMS (for example by the `bestsms_message` " +
			"action), with every recipient. When a message id was reused, the most recent message with it is read. " +
			"An unknown id is an error.",
		Attributes: map[string]schema.Attribute{
			"message_id":      messageIDAttribute("The message's id."),
			"status":          computed("The job's state: `Pending`, `Delayed`, `Completed`, `CreditHold`…"),
			"job_number":      computed("The API's job number (8 characters)."),
			"reference":       computed("The reference given when sending."),
			"sub_account":     computed("The sub-account the message was sent under."),
			"department":      computed("The department the message was sent under."),
			"recipient_count": count("Number of recipients."),
			"complete_count":  count("Recipients with a final status."),
			"success_count":   count("Recipients the message was delivered to."),
			"failed_count":    count("Recipients the message could not be delivered to."),
			"price":           schema.Float64Attribute{MarkdownDescription: "Total price of the message.", Computed: true},
			"created":         computed("When the message was submitted (RFC 3339, UTC)."),
			"delayed_until": computed("When a scheduled message is (or was) due to be sent (RFC 3339, UTC); null " +
				"when it was sent at once."),
			"recipients": schema.ListNestedAttribute{
				MarkdownDescription: "Every recipient, in the API's order.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"destination": computed("The mobile number (E.164)."),
					"contact_id":  computed("The address-book contact the number came from, when it did."),
					"status":      computed("`Success`, `Failed` or `Pending`."),
					"result":      computed("Delivery detail, for example `delivered` or `Invalid number`."),
					"sent_time":   computed("When the message was sent to this recipient (RFC 3339, UTC)."),
					"price":       schema.Float64Attribute{MarkdownDescription: "Price for this recipient.", Computed: true},
					"opted_out": schema.BoolAttribute{
						MarkdownDescription: "Whether the message was not sent to this recipient because it is in the " +
							"opt-out register (`status` `Failed`, `result` `Destination is blacklisted`; see `bestsms_optout`).",
						Computed: true,
					},
				}},
			},
		},
	}
}

func (d *messageStatusDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *messageStatusDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m messageStatusModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	st, err := d.data.Client.MessageStatus(ctx, m.MessageID.ValueString())
	if err != nil {
		addMessageReadError(&resp.Diagnostics, "Unable to Read Message Status", m.MessageID.ValueString(), err)
		return
	}
	m.Status = types.StringValue(st.Status)
	m.JobNumber = types.StringValue(st.JobNum)
	m.Reference = types.StringValue(st.Reference)
	m.SubAccount = types.StringValue(st.SubAccount)
	m.Department = types.StringValue(st.Department)
	m.Count = types.Int64Value(int64(st.Count))
	m.Complete = types.Int64Value(int64(st.Complete))
	m.Success = types.Int64Value(int64(st.Success))
	m.Failed = types.Int64Value(int64(st.Failed))
	m.Price = types.Float64Value(st.Price)
	m.Created = framework.TimeValue(st.Created)
	m.Delayed = types.StringNull()
	if st.Delayed.After(st.Created) {
		m.Delayed = framework.TimeValue(st.Delayed)
	}
	m.Recipients = make([]messageRecipientModel, 0, len(st.Recipients))
	for _, r := range st.Recipients {
		m.Recipients = append(m.Recipients, messageRecipientModel{
			Destination: types.StringValue(r.Destination),
			ContactID:   types.StringValue(r.ContactID),
			Status:      types.StringValue(r.Status),
			Result:      types.StringValue(r.Result),
			SentTime:    framework.TimeValue(r.SentTime),
			Price:       types.Float64Value(r.Price),
			OptedOut:    types.BoolValue(r.OptedOut()),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// addMessageReadError reports a failed status or reply look-up; an
// unknown message gets its own, clearer diagnostic.
func addMessageReadError(diags *diag.Diagnostics, summary, messageID string, err error) {
	if client.IsNotFound(err) {
		diags.AddAttributeError(path.Root("message_id"), "Message Not Found", fmt.Sprintf(
			"BestSMS has no message with id %q. Check the id (the action's message_id, or the id in its "+
				"\"submitted message …\" progress line); the API error was: %s", messageID, err))
		return
	}
	framework.AddRESTError(diags, summary, "read message "+messageID, err)
}

var (
	// messageIDValidator checks a MessageID: up to 40 letters, digits or dashes.
	messageIDValidator = stringvalidator.RegexMatches(messageIDPattern, "must be 1 to 40 letters, digits or dashes")
	messageIDPattern   = regexp.MustCompile(`^[A-Za-z0-9-]{1,40}$`)
)
