package gateway

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

var _ datasource.DataSourceWithConfigure = (*gatewayMessagesDataSource)(nil)

// NewGatewayMessagesDataSource is the constructor of bestsms_gateway_messages.
func NewGatewayMessagesDataSource() datasource.DataSource { return &gatewayMessagesDataSource{} }

type gatewayMessagesDataSource struct {
	data *framework.ProviderData
}

// gatewaySMSFilterModel is the SMS filter shared by bestsms_gateway_messages
// and the bestsms_gateway_sms_stop action.
type gatewaySMSFilterModel struct {
	BatchID   types.String               `tfsdk:"batch_id"`
	SMSIDs    types.List                 `tfsdk:"sms_ids"`
	Stage     types.String               `tfsdk:"stage"`
	Type      types.String               `tfsdk:"type"`
	Recipient framework.PhoneNumberValue `tfsdk:"recipient"`
	SenderID  types.String               `tfsdk:"sender_id"`
	StartDate types.String               `tfsdk:"start_date"`
	EndDate   types.String               `tfsdk:"end_date"`
}

type gatewayMessagesModel struct {
	gatewaySMSFilterModel
	SearchTerm   types.String           `tfsdk:"search_term"`
	StatusCounts map[string]types.Int64 `tfsdk:"status_counts"`
	Messages     []gatewayMessageModel  `tfsdk:"messages"`
}

type gatewayMessageModel struct {
	ID          types.String `tfsdk:"id"`
	BatchID     types.String `tfsdk:"batch_id"`
	Sender      types.String `tfsdk:"sender"`
	Recipient   types.String `tfsdk:"recipient"`
	Message     types.String `tfsdk:"message"`
	Status      types.Int64  `tfsdk:"status"`
	StatusName  types.String `tfsdk:"status_name"`
	Info        types.String `tfsdk:"info"`
	Type        types.String `tfsdk:"type"`
	Units       types.Int64  `tfsdk:"units"`
	FirstName   types.String `tfsdk:"first_name"`
	LastName    types.String `tfsdk:"last_name"`
	GroupName   types.String `tfsdk:"group_name"`
	ExtraData   types.String `tfsdk:"extra_data"`
	SubmittedAt types.String `tfsdk:"submitted_at"`
	ScheduledAt types.String `tfsdk:"scheduled_at"`
	SentAt      types.String `tfsdk:"sent_at"`
}

// Values of the type filter.
const (
	gatewayTypeNormal = "normal"
	gatewayTypeFlash  = "flash"
)

// gatewaySMSFilterDescriptions describe the filter attributes.
var gatewaySMSFilterDescriptions = map[string]string{
	"batch_id":  "The batch of one send (`batch_id` of the `bestsms_gateway_sms` action's progress, for example `1_1_1437039374`).",
	"sms_ids":   "SMS record ids (`sms_id`).",
	"stage":     "`pending` (queued), `sent` (sent or delivered) or `failed` (any failure).",
	"type":      "`normal` or `flash` messages.",
	"recipient": "One recipient's number. " + framework.PhoneRulesMarkdown + " Sent in international form.",
	"sender_id": "The sender id.",
	"start_date": "Messages sent (or to be sent) from this time: `2016-04-22 13:45` or `2016-04-22`, at the " +
		"sub-account's timezone offset (`bestsms_gateway_account`). The day-first form of the reference's sample, " +
		"`28-04-2016 13:45`, is accepted too.",
	"end_date": "Messages sent (or to be sent) until this time, in the forms of `start_date`.",
}

// gatewaySMSFilterValidators are the checks of the filter attributes.
func gatewaySMSFilterValidators() map[string][]validator.String {
	return map[string][]validator.String{
		"batch_id":   {framework.NotBlank},
		"stage":      {stringvalidator.OneOf(gatewayapi.StagePending, gatewayapi.StageSent, gatewayapi.StageFailed)},
		"type":       {stringvalidator.OneOf(gatewayTypeNormal, gatewayTypeFlash)},
		"recipient":  {framework.PhoneValidator},
		"sender_id":  {framework.NotBlank},
		"start_date": {gatewayDate},
		"end_date":   {gatewayDate},
	}
}

// toGateway converts the filter; the recipient is read in region.
func (f *gatewaySMSFilterModel) toGateway(region string) (gatewayapi.SMSFilter, error) {
	out := gatewayapi.SMSFilter{
		BatchID: f.BatchID.ValueString(), Stage: f.Stage.ValueString(), SenderID: f.SenderID.ValueString(),
		StartDate: f.StartDate.ValueString(), EndDate: f.EndDate.ValueString(),
	}
	switch f.Type.ValueString() {
	case gatewayTypeNormal:
		out.Type = gatewayapi.TypeNormal
	case gatewayTypeFlash:
		out.Type = gatewayapi.TypeFlash
	}
	for _, e := range f.SMSIDs.Elements() {
		if s, ok := e.(types.String); ok && !s.IsNull() {
			out.SMSIDs = append(out.SMSIDs, s.ValueString())
		}
	}
	if framework.IsSet(f.Recipient.StringValue) {
		n, err := gatewayNumber(f.Recipient.ValueString(), region)
		if err != nil {
			return out, err
		}
		out.Recipient = n
	}
	return out, nil
}

func (d *gatewayMessagesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_messages"
}

func (d *gatewayMessagesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"sms_ids": schema.ListAttribute{
			MarkdownDescription: gatewaySMSFilterDescriptions["sms_ids"],
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.ValueStringsAre(gatewayID)},
		},
		"search_term": schema.StringAttribute{
			MarkdownDescription: "Messages whose recipient, sender or text match this text, as the gateway matches it " +
				"(the reference calls it a rough match).",
			Optional:   true,
			Validators: []validator.String{framework.NotBlank},
		},
		"status_counts": schema.MapAttribute{
			MarkdownDescription: "Status name (`DELIVERED`, `PENDING`…) → number of matching messages.",
			Computed:            true,
			ElementType:         types.Int64Type,
		},
		"messages": schema.ListNestedAttribute{
			MarkdownDescription: "The matching SMS records, newest first, as the gateway lists them.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":        computed("The record's `sms_id`."),
				"batch_id":  computed("The batch of the send."),
				"sender":    computed("The sender id."),
				"recipient": computed("The recipient's number in E.164 (the gateway stores it without `+`)."),
				"message":   computed("The text sent to this recipient."),
				"status": schema.Int64Attribute{
					MarkdownDescription: "The status code: `-4` UNDELIVERABLE, `-3` EXPIRED, `-2` REJECTED, `-1` FAILED, " +
						"`0` PENDING (queued), `1` SENT (awaiting the delivery report), `2` DELIVERED.",
					Computed: true,
				},
				"status_name":  computed("The status's name (`DELIVERED`…)."),
				"info":         computed("The gateway's explanation, for example `Network is forbidden`; null when none."),
				"type":         computed("`normal` or `flash`."),
				"units":        schema.Int64Attribute{MarkdownDescription: "The units charged.", Computed: true},
				"first_name":   computed("The recipient contact's first name; null when none."),
				"last_name":    computed("The recipient contact's last name; null when none."),
				"group_name":   computed("The recipient contact's group; null when none."),
				"extra_data":   computed("The send's `extra_data` for this contact; null when none."),
				"submitted_at": computed("When the send was submitted, RFC 3339 in UTC."),
				"scheduled_at": computed("When the message is (or was) to be sent, RFC 3339 in UTC; null when not scheduled."),
				"sent_at":      computed("When it was sent, RFC 3339 in UTC; null until then."),
			}},
		},
	}
	validators := gatewaySMSFilterValidators()
	for _, name := range []string{"batch_id", "stage", "type", "sender_id", "start_date", "end_date"} {
		attrs[name] = schema.StringAttribute{
			MarkdownDescription: gatewaySMSFilterDescriptions[name], Optional: true, Validators: validators[name],
		}
	}
	attrs["recipient"] = schema.StringAttribute{
		MarkdownDescription: gatewaySMSFilterDescriptions["recipient"], Optional: true,
		CustomType: framework.PhoneNumberType{}, Validators: validators["recipient"],
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "The SMS records of the legacy Best SMS Gateway (`api_v1`) sub-account that match every " +
			"filter given (`fetch_sms`, all pages), with each recipient's status as code and name. Without filters it " +
			"reads every record of the sub-account.",
		Attributes: attrs,
	}
}

func (d *gatewayMessagesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_messages", &resp.Diagnostics)
}

func (d *gatewayMessagesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m gatewayMessagesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !framework.CheckPhone(m.Recipient, path.Root("recipient"), d.data.DefaultCountry, &resp.Diagnostics) {
		return
	}
	filter, err := m.toGateway(d.data.DefaultCountry)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("recipient"), "Invalid Phone Number", err.Error())
		return
	}
	records, err := d.data.Gateway.FetchSMS(ctx, gatewayapi.SMSQuery{SMSFilter: filter, SearchTerm: m.SearchTerm.ValueString()})
	if gatewayapi.IsNotFound(err) {
		records, err = nil, nil // no match is an empty list
	}
	if err != nil {
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway Messages", "list the gateway's SMS records (fetch_sms)", err)
		return
	}
	m.StatusCounts = map[string]types.Int64{}
	m.Messages = make([]gatewayMessageModel, 0, len(records))
	var unreadable []string
	for _, r := range records {
		mm := gatewayMessageFromRecord(r)
		m.Messages = append(m.Messages, mm)
		name := mm.StatusName.ValueString()
		m.StatusCounts[name] = types.Int64Value(m.StatusCounts[name].ValueInt64() + 1)
		for _, u := range r.Unreadable {
			unreadable = append(unreadable, fmt.Sprintf("sms_id %s: %s", r.ID, u))
		}
	}
	if len(unreadable) > 0 {
		resp.Diagnostics.AddWarning("Gateway Messages With Unreadable Values", "The gateway sent values the provider "+
			"could not read; those attributes are null (a status is "+gatewayStatusUnreadable+"), and the other records "+
			"and values are kept: "+unreadableList(unreadable, 5))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// gatewayStatusUnreadable is the status_name of a record whose status the
// gateway sent in a form the provider could not read.
const gatewayStatusUnreadable = "UNREADABLE"

// unreadableList joins at most n items, then says how many more there are.
func unreadableList(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return strings.Join(items[:n], "; ") + fmt.Sprintf("; and %d more", len(items)-n)
}

// gatewayStatusName is a status code's name, or the gateway's own
// status_msg for a code the reference does not list.
func gatewayStatusName(r gatewayapi.SMS) string {
	if !r.Readable("status") {
		return gatewayStatusUnreadable
	}
	if name := gatewayapi.StatusName(r.Status); name != "" {
		return name
	}
	return r.StatusMsg
}

func gatewayMessageFromRecord(r gatewayapi.SMS) gatewayMessageModel {
	typ := gatewayTypeNormal
	if r.Type == 1 {
		typ = gatewayTypeFlash
	}
	opt := func(s string) types.String { return framework.OptionalString(s, types.StringNull()) }
	number := func(member string, n int) types.Int64 {
		if !r.Readable(member) {
			return types.Int64Null()
		}
		return types.Int64Value(int64(n))
	}
	return gatewayMessageModel{
		ID: types.StringValue(r.ID), BatchID: types.StringValue(r.BatchID), Sender: types.StringValue(r.Sender),
		Recipient: types.StringValue(gatewayStoredPhone(r.Recipient)), Message: types.StringValue(r.Message),
		Status: number("status", r.Status), StatusName: types.StringValue(gatewayStatusName(r)),
		Info: opt(r.Info), Type: types.StringValue(typ), Units: number("units", r.Units),
		FirstName: opt(r.FirstName), LastName: opt(r.LastName), GroupName: opt(r.GroupName), ExtraData: opt(r.ExtraData),
		SubmittedAt: framework.TimeValue(r.Submitted), ScheduledAt: framework.TimeValue(r.Scheduled), SentAt: framework.TimeValue(r.Sent),
	}
}
