package messaging

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var _ datasource.DataSourceWithConfigure = (*receivedSMSDataSource)(nil)

// NewReceivedSMSDataSource is the constructor of bestsms_received_sms.
func NewReceivedSMSDataSource() datasource.DataSource { return &receivedSMSDataSource{} }

type receivedSMSDataSource struct {
	data *framework.ProviderData
}

type receivedSMSModel struct {
	TimePeriodMinutes types.Int64            `tfsdk:"time_period_minutes"`
	DateFrom          types.String           `tfsdk:"date_from"`
	DateTo            types.String           `tfsdk:"date_to"`
	MaxRecords        types.Int64            `tfsdk:"max_records"`
	Messages          []receivedMessageModel `tfsdk:"messages"`
}

type receivedMessageModel struct {
	ReceivedID   types.String `tfsdk:"received_id"`
	ReceivedTime types.String `tfsdk:"received_time"`
	From         types.String `tfsdk:"from"`
	Message      types.String `tfsdk:"message"`
	MessageID    types.String `tfsdk:"message_id"`
	ContactID    types.String `tfsdk:"contact_id"`
}

// accountTimeLayouts are the accepted forms of date_from/date_to: local
// times of the account, as the API takes them.
var accountTimeLayouts = []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02"}

func parseAccountTime(s string) (time.Time, error) {
	for _, l := range accountTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date-time of the form YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD", s)
}

func (d *receivedSMSDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_received_sms"
}

func (d *receivedSMSDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	window := func(desc, other string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " The account's local time: `YYYY-MM-DDTHH:MM:SS`, `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD`. " +
				"Set together with `" + other + "`. With `api_version = \"v3.00\"` the window is at most 7 days.",
			Optional: true,
			Validators: []validator.String{
				accountTimeValidator,
				stringvalidator.AlsoRequires(path.MatchRoot(other)),
				stringvalidator.ConflictsWith(path.MatchRoot("time_period_minutes")),
			},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "SMS received by the account (replies and unsolicited messages) in a period: the last " +
			"`time_period_minutes` (default 1440, one day), or from `date_from` to `date_to`. Every page is read; the " +
			"messages are sorted oldest first.",
		Attributes: map[string]schema.Attribute{
			"time_period_minutes": schema.Int64Attribute{
				MarkdownDescription: "Return the messages of the last N minutes (1 to 43200, 30 days; with " +
					"`api_version = \"v3.00\"` at most 1440, one day). Default 1440 when no date window is given.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, 43200)},
			},
			"date_from": window("Start of the window.", "date_to"),
			"date_to":   window("End of the window.", "date_from"),
			"max_records": schema.Int64Attribute{
				MarkdownDescription: "Keep only the newest N messages (still sorted oldest first).",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"messages": schema.ListNestedAttribute{
				MarkdownDescription: "The received messages, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"received_id":   computed("The API's id of the received SMS."),
					"received_time": computed("When it was received (RFC 3339, UTC)."),
					"from":          computed("The number it came from."),
					"message":       computed("The text."),
					"message_id":    computed("The outbound message it replies to; empty for an unsolicited SMS."),
					"contact_id":    computed("The address-book contact it came from, when known."),
				}},
			},
		},
	}
}

func (d *receivedSMSDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

func (d *receivedSMSDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m receivedSMSModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	q := client.ReceivedQuery{TimePeriod: int(m.TimePeriodMinutes.ValueInt64())}
	if framework.IsSet(m.DateFrom) && framework.IsSet(m.DateTo) {
		q.DateFrom, _ = parseAccountTime(m.DateFrom.ValueString()) // validated
		q.DateTo, _ = parseAccountTime(m.DateTo.ValueString())
		if !q.DateFrom.Before(q.DateTo) {
			resp.Diagnostics.AddAttributeError(path.Root("date_to"), "Invalid Date Window",
				fmt.Sprintf("date_to (%s) must be after date_from (%s).", m.DateTo.ValueString(), m.DateFrom.ValueString()))
			return
		}
	}
	if d.checkLimits(m, q, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	msgs, err := d.data.Client.ReceivedSMS(ctx, q)
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Read Received SMS", "list the received SMS", err)
		return
	}
	msgs = sortByTime(msgs, func(r client.ReceivedMessage) time.Time { return r.Received })
	if n := int(m.MaxRecords.ValueInt64()); n > 0 && len(msgs) > n {
		msgs = msgs[len(msgs)-n:]
	}
	m.Messages = make([]receivedMessageModel, 0, len(msgs))
	for _, r := range msgs {
		m.Messages = append(m.Messages, receivedMessageModel{
			ReceivedID:   types.StringValue(r.ReceivedID),
			ReceivedTime: framework.TimeValue(r.Received),
			From:         types.StringValue(r.From),
			Message:      types.StringValue(r.MessageText),
			MessageID:    types.StringValue(r.MessageID),
			ContactID:    types.StringValue(r.ContactID),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// checkLimits refuses a query the provider's api_version cannot make
// (v3.00: a window over 7 days, time_period_minutes over 1440), naming the
// attribute and api_version, before anything is sent.
func (d *receivedSMSDataSource) checkLimits(m receivedSMSModel, q client.ReceivedQuery, diags *diag.Diagnostics) {
	maxWindow, maxPeriod := client.ReceivedLimits(d.data.APIVersion)
	summary := "Not Supported By API Version " + d.data.APIVersion
	if window := q.DateTo.Sub(q.DateFrom); maxWindow > 0 && !q.DateFrom.IsZero() && window > maxWindow {
		diags.AddAttributeError(path.Root("date_to"), summary, fmt.Sprintf(
			"The window from date_from (%s) to date_to (%s) is %s long; with api_version = %q it may be at most %s (%d days). "+
				"Shorten it, or read the period in several data sources.",
			m.DateFrom.ValueString(), m.DateTo.ValueString(), window, d.data.APIVersion, maxWindow, int(maxWindow.Hours()/24)))
	}
	if maxPeriod > 0 && q.TimePeriod > maxPeriod {
		diags.AddAttributeError(path.Root("time_period_minutes"), summary, fmt.Sprintf(
			"time_period_minutes is %d; with api_version = %q it may be at most %d (one day). Use date_from and "+
				"date_to for an older window (at most %d days).", q.TimePeriod, d.data.APIVersion, maxPeriod, int(maxWindow.Hours()/24)))
	}
}

// sortByTime returns items sorted by at, oldest first; items with equal
// times keep the API's order.
func sortByTime[T any](items []T, at func(T) time.Time) []T {
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(a, b T) int { return at(a).Compare(at(b)) })
	return out
}

// accountTimeValidator checks date_from/date_to (parseAccountTime).
var accountTimeValidator = framework.StringCheck{
	Summary: "Invalid Date",
	Rule:    "must be YYYY-MM-DDTHH:MM:SS, YYYY-MM-DD HH:MM:SS or YYYY-MM-DD (the account's local time)",
	Check: func(_ context.Context, v string, _ tfsdk.Config) error {
		_, err := parseAccountTime(v)
		return err
	},
}
