package messaging

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
)

var (
	_ action.ActionWithConfigure      = (*messageAction)(nil)
	_ action.ActionWithValidateConfig = (*messageAction)(nil)
	_ action.ActionWithModifyPlan     = (*messageAction)(nil)
)

// NewMessageAction is the constructor of the bestsms_message action.
func NewMessageAction() action.Action { return &messageAction{} }

type messageAction struct {
	data *framework.ProviderData
}

type messageActionModel struct {
	Message               types.String `tfsdk:"message"`
	Destinations          types.List   `tfsdk:"destinations"`
	MessageID             types.String `tfsdk:"message_id"`
	Reference             types.String `tfsdk:"reference"`
	SendTime              types.String `tfsdk:"send_time"`
	Timezone              types.String `tfsdk:"timezone"`
	SubAccount            types.String `tfsdk:"sub_account"`
	Department            types.String `tfsdk:"department"`
	ChargeCode            types.String `tfsdk:"charge_code"`
	FromNumber            types.String `tfsdk:"from_number"`
	SMSEmailReply         types.String `tfsdk:"sms_email_reply"`
	ReportTo              types.String `tfsdk:"report_to"`
	CharacterConversion   types.Bool   `tfsdk:"character_conversion"`
	WebhookCallbackURL    types.String `tfsdk:"webhook_callback_url"`
	WebhookCallbackFormat types.String `tfsdk:"webhook_callback_format"`
	TestMode              types.Bool   `tfsdk:"test_mode"`
	WaitForDelivery       types.Bool   `tfsdk:"wait_for_delivery"`
	WaitTimeout           types.String `tfsdk:"wait_timeout"`
}

// destinations returns the destination objects; ok is false while the list
// (or an element) is not known yet.
func (m *messageActionModel) destinations(ctx context.Context) ([]destinationModel, diag.Diagnostics, bool) {
	if m.Destinations.IsNull() || m.Destinations.IsUnknown() {
		return nil, nil, false
	}
	for _, e := range m.Destinations.Elements() {
		if e.IsUnknown() {
			return nil, nil, false
		}
	}
	var out []destinationModel
	diags := m.Destinations.ElementsAs(ctx, &out, false)
	return out, diags, !diags.HasError()
}

type destinationModel struct {
	Recipient framework.PhoneNumberValue `tfsdk:"recipient"`
	ContactID types.String               `tfsdk:"contact_id"`
	GroupID   types.String               `tfsdk:"group_id"`
	GroupCode types.String               `tfsdk:"group_code"`
	Attention types.String               `tfsdk:"attention"`
	Company   types.String               `tfsdk:"company"`
	FirstName types.String               `tfsdk:"first_name"`
	LastName  types.String               `tfsdk:"last_name"`
	Custom1   types.String               `tfsdk:"custom1"`
	Custom2   types.String               `tfsdk:"custom2"`
	Custom3   types.String               `tfsdk:"custom3"`
	Custom4   types.String               `tfsdk:"custom4"`
	Custom5   types.String               `tfsdk:"custom5"`
	Custom6   types.String               `tfsdk:"custom6"`
	Custom7   types.String               `tfsdk:"custom7"`
	Custom8   types.String               `tfsdk:"custom8"`
	Custom9   types.String               `tfsdk:"custom9"`
}

// personalisation lists the personalisation attributes of a destination
// with their names, in wire order.
func (d *destinationModel) personalisation() []struct {
	name string
	v    types.String
} {
	return []struct {
		name string
		v    types.String
	}{
		{"attention", d.Attention}, {"company", d.Company}, {"first_name", d.FirstName}, {"last_name", d.LastName},
		{"custom1", d.Custom1}, {"custom2", d.Custom2}, {"custom3", d.Custom3}, {"custom4", d.Custom4},
		{"custom5", d.Custom5}, {"custom6", d.Custom6}, {"custom7", d.Custom7}, {"custom8", d.Custom8},
		{"custom9", d.Custom9},
	}
}

// toClient converts a destination; the recipient is normalised to E.164
// in region.
func (d *destinationModel) toClient(region string) (client.Destination, error) {
	out := client.Destination{
		ContactID: d.ContactID.ValueString(),
		GroupID:   d.GroupID.ValueString(),
		GroupCode: d.GroupCode.ValueString(),
		Attention: d.Attention.ValueString(),
		Company:   d.Company.ValueString(),
		FirstName: d.FirstName.ValueString(),
		LastName:  d.LastName.ValueString(),
	}
	for i, p := range d.personalisation()[4:] {
		out.Custom[i] = p.v.ValueString()
	}
	if !d.Recipient.IsNull() {
		e164, err := phone.Normalize(d.Recipient.ValueString(), region)
		if err != nil {
			return out, err
		}
		out.Recipient = e164
	}
	return out, nil
}

func (a *messageAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_message"
}

func (a *messageAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	optional := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: validators}
	}
	// The text and the personalisation are write-only: they take ephemeral
	// values and are never stored (framework.WriteOnlyMarkdown).
	personal := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " " + framework.WriteOnlyMarkdown, Optional: true, WriteOnly: true}
	}
	destAttrs := map[string]schema.Attribute{
		"recipient": schema.StringAttribute{
			MarkdownDescription: "A mobile number; sent in E.164. " + framework.PhoneRulesMarkdown + " Exactly one of `recipient`, " +
				"`contact_id`, `group_id` and `group_code` must be set.",
			Optional:   true,
			CustomType: framework.PhoneNumberType{},
			Validators: []validator.String{framework.PhoneValidator},
		},
		"contact_id": optional("An address-book contact by id (`bestsms_contact.<name>.id`, a UUID); the message goes to "+
			"its mobile number.", framework.ContactIDValidator),
		"group_id": optional("An address-book group by id (`bestsms_group.<name>.id`, a UUID; use `group_code` for a code); "+
			"the message goes to every member with a mobile number.", framework.IDValidator{Kind: "group", CodeAttr: "group_code"}),
		"group_code": optional("An address-book group by its code (`bestsms_group.<name>.code`)."),
		"attention":  personal("Personalisation for a `recipient`: replaces `[[Attention]]` in the message."),
		"company":    personal("Personalisation for a `recipient`: replaces `[[Company]]`."),
		"first_name": personal("Personalisation for a `recipient`: replaces `[[First Name]]`."),
		"last_name":  personal("Personalisation for a `recipient`: replaces `[[Last Name]]`."),
	}
	for i := 1; i <= 9; i++ {
		destAttrs[fmt.Sprintf("custom%d", i)] = personal(fmt.Sprintf("Personalisation for a `recipient`: replaces `[[Custom%d]]`.", i))
	}

	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends an SMS through BestSMS. Requires Terraform 1.14 or later. An action stores nothing: " +
			"it sends again every time it is invoked (`terraform apply -invoke=action.bestsms_message.<name>`) or " +
			"its `action_trigger` fires. A send is never retried after an unknown outcome, so nobody is texted twice; " +
			"use `test_mode` to try a configuration without sending. The text and the personalisation are write-only: " +
			"a secret such as a break-glass code may come from an `ephemeral = true` " +
			"variable or an ephemeral resource, is sent, and is never stored in the plan or state; the plan shows " +
			"`(write-only attribute)` instead of it, and a saved plan is applied with the ephemeral variables given again.",
		Attributes: map[string]schema.Attribute{
			"message": schema.StringAttribute{
				MarkdownDescription: "The text. May contain personalisation tokens such as `[[Attention]]` or `[[First Name]]`. " +
					"`provider::bestsms::sms_segments()` tells how many SMS parts it takes. " + framework.WriteOnlyMarkdown,
				Required:   true,
				WriteOnly:  true,
				Validators: []validator.String{framework.NotBlank},
			},
			"destinations": schema.ListNestedAttribute{
				MarkdownDescription: "Who receives the message: numbers, contacts and groups.",
				Required:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: destAttrs,
					Validators: []validator.Object{oneTarget{names: destinationTargets}}},
				Validators: []validator.List{listvalidator.SizeBetween(1, 1000)},
			},
			"message_id": optional("Your id for the message (up to 40 letters, digits or dashes), used to look it up "+
				"(`bestsms_message_status`) and by the resubmit/reschedule/abort actions. Generated (UUID) when omitted; "+
				"when an id is reused, lookups and actions apply to the most recent message with it.",
				messageIDValidator),
			"reference": optional("Free text reference shown in reports (up to 80 characters).",
				stringvalidator.LengthAtMost(80)),
			"send_time": optional("Send later: RFC 3339 (`2026-12-24T09:00:00+11:00`), or `YYYY-MM-DDTHH:MM` in `timezone` "+
				"(or the account's zone). Omitted: now. The API schedules to the minute: an RFC 3339 time with seconds is "+
				"kept to the start of its minute, with a warning at plan time. A time more than "+
				framework.SendTimeTolerance.String()+" in the past is an error (the API would send at once); one within "+
				framework.SendTimeTolerance.String()+" sends now. Without `timezone`, a `YYYY-MM-DDTHH:MM` time is in the account's "+
				"zone, which the provider does not know: it is only an error when it is past in every zone the API supports.",
				sendTimeValidator(true, "timezone")),
			"timezone": optional("Time zone of a `YYYY-MM-DDTHH:MM` `send_time`: one of the Windows zone names the API "+
				"documents, `"+strings.Join(client.TimeZoneNames(), "`, `")+"` (optionally followed by ` Standard Time`). "+
				"Not allowed with an RFC 3339 `send_time`, which carries its own offset.",
				timezoneValidator, stringvalidator.AlsoRequires(path.MatchRoot("send_time"))),
			"sub_account": optional("Sub-account for reporting and billing; defaults to the provider's `sub_account`."),
			"department":  optional("Department for reporting and billing; defaults to the provider's `department`."),
			"charge_code": optional("Cost-allocation code for invoices. API v2.03 and v2.04 only: with `api_version = \"v3.00\"` it is an error at plan time."),
			"from_number": optional("Originating number (where the account allows it), for example `61421000001`."),
			"sms_email_reply": optional("E-mail address that receives replies to the message (`name@example.com`).",
				framework.EmailValidator),
			"report_to": optional("E-mail address that receives the delivery report (`name@example.com`).",
				framework.EmailValidator),
			"character_conversion": schema.BoolAttribute{
				MarkdownDescription: "Convert characters outside GSM-7 to GSM equivalents (`©` → `(C)`) so the message stays " +
					"in 160-character parts.",
				Optional: true,
			},
			"webhook_callback_url": optional("HTTPS URL that receives this message's delivery and reply webhooks.",
				stringvalidator.RegexMatches(regexp.MustCompile(`^https://\S+$`), "must be an https:// URL (the API rejects http://)")),
			"webhook_callback_format": optional("Format of the webhooks: `JSON` or `XML`.",
				stringvalidator.OneOf("JSON", "XML"),
				stringvalidator.AlsoRequires(path.MatchRoot("webhook_callback_url"))),
			"test_mode": schema.BoolAttribute{
				MarkdownDescription: "Submit in test mode: nothing is sent, the message is reported delivered at once.",
				Optional:            true,
			},
			"wait_for_delivery": schema.BoolAttribute{
				MarkdownDescription: "Wait until every recipient has a final delivery status, reporting progress, and fail " +
					"listing the recipients that failed (a recipient in the opt-out register is named as one that has opted out). Polls every 2 seconds (the API asks for at most one poll a second). " +
					"The API validates a submission before its status can be read, so for " + framework.DefaultStatusGrace.String() +
					" after the submission a \"Message(s) NOT found\" answer means \"not visible yet\" and polling goes " +
					"on; after that it is an error. Not allowed with `send_time`.",
				Optional: true,
			},
			"wait_timeout": optional("How long `wait_for_delivery` waits, as a Go duration (`90s`, `10m`); default `5m`.",
				framework.WaitTimeoutValidator, stringvalidator.AlsoRequires(path.MatchRoot("wait_for_delivery"))),
		},
	}
}

func (a *messageAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what the declarative validators cannot.
func (a *messageAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m messageActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	dests, diags, _ := m.destinations(ctx)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(m.crossCheck(dests)...)
}

// crossCheck checks what involves several attributes; dests is nil while
// the destinations are not known.
func (m *messageActionModel) crossCheck(dests []destinationModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if framework.IsSet(m.SendTime) && framework.IsSet(m.Timezone) {
		if _, err := time.Parse(time.RFC3339Nano, m.SendTime.ValueString()); err == nil {
			diags.AddAttributeError(path.Root("timezone"), "Conflicting Send Time Zone",
				"send_time is RFC 3339 and carries its own offset; remove timezone, or write send_time as YYYY-MM-DDTHH:MM.")
		}
	}
	if m.WaitForDelivery.ValueBool() && framework.IsSet(m.SendTime) {
		diags.AddAttributeError(path.Root("wait_for_delivery"), "Cannot Wait For A Scheduled Message",
			"wait_for_delivery waits for delivery now; a message with send_time is delivered later. Remove one of them "+
				"and check the scheduled message with the bestsms_message_status data source.")
	}
	for i, d := range dests {
		if !d.Recipient.IsNull() {
			continue
		}
		for _, p := range d.personalisation() {
			if framework.IsSet(p.v) {
				diags.AddAttributeError(path.Root("destinations").AtListIndex(i).AtName(p.name),
					"Personalisation Needs A Recipient",
					p.name+" personalises a message to a recipient number; contacts and groups use their address-book fields.")
			}
		}
	}
	return diags
}

// check runs every check of validation again on the configuration as it is
// now (values from variables, locals and other resources were unknown when
// Terraform validated it), then the checks that need the provider's
// settings: the recipients' phone rules in default_country, and the
// attributes the provider's api_version cannot carry (charge_code on v3.00).
// Each problem is one diagnostic, on its attribute.
func (a *messageAction) check(ctx context.Context, cfg tfsdk.Config) (messageActionModel, diag.Diagnostics) {
	var s action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &s)
	diags := framework.Revalidate(ctx, s.Schema, cfg)
	var m messageActionModel
	if d := cfg.Get(ctx, &m); d.HasError() {
		diags.Append(d...)
		return m, diags
	}
	if framework.HasErrorAt(diags, path.Root("destinations")) {
		return m, diags // too many destinations: reading them all is slow, and they are not sent
	}
	dests, d, _ := m.destinations(ctx)
	diags.Append(d...)
	diags.Append(m.crossCheck(dests)...)
	if a.data != nil {
		if framework.IsSet(m.ChargeCode) {
			a.data.CheckSupported(client.FeatureChargeCode, path.Root("charge_code"), "charge_code", &diags)
		}
		for i, dest := range dests {
			if p := path.Root("destinations").AtListIndex(i).AtName("recipient"); !framework.HasErrorAt(diags, p) {
				framework.CheckPhone(dest.Recipient, p, a.data.DefaultCountry, &diags)
			}
		}
	}
	return m, diags
}

// ModifyPlan checks the configuration as Terraform knows it at plan time,
// so that values from variables and locals fail at plan like literals, and
// warns about a send_time whose seconds will be dropped.
func (a *messageAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	m, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || !framework.IsSet(m.SendTime) {
		return
	}
	if st, err := parseSendTime(m.SendTime.ValueString(), nil, true); err == nil && st.droppedSeconds {
		resp.Diagnostics.AddAttributeWarning(path.Root("send_time"), "Send Time Kept To The Minute", fmt.Sprintf(
			"%q has seconds, but the API schedules to the minute: the message is scheduled for %s UTC, the start of "+
				"that minute.", m.SendTime.ValueString(), st.wire))
	}
}

// sendRequest builds the API request from a checked configuration. It
// also describes when the message is scheduled, for the progress report.
func (m *messageActionModel) sendRequest(ctx context.Context, pd *framework.ProviderData) (client.SendRequest, string, diag.Diagnostics) {
	dests, diags, _ := m.destinations(ctx)
	req := client.SendRequest{
		MessageID:             m.MessageID.ValueString(),
		Message:               m.Message.ValueString(),
		Reference:             m.Reference.ValueString(),
		TimeZone:              m.Timezone.ValueString(),
		SubAccount:            stringOr(m.SubAccount, pd.SubAccount),
		Department:            stringOr(m.Department, pd.Department),
		ChargeCode:            m.ChargeCode.ValueString(),
		FromNumber:            m.FromNumber.ValueString(),
		SMSEmailReply:         m.SMSEmailReply.ValueString(),
		ReportTo:              m.ReportTo.ValueString(),
		CharacterConversion:   m.CharacterConversion.ValueBool(),
		WebhookCallbackURL:    m.WebhookCallbackURL.ValueString(),
		WebhookCallbackFormat: m.WebhookCallbackFormat.ValueString(),
		TestMode:              m.TestMode.ValueBool(),
	}
	when := ""
	if framework.IsSet(m.SendTime) {
		st, err := parseSendTime(m.SendTime.ValueString(), nil, true)
		if err != nil {
			diags.AddAttributeError(path.Root("send_time"), "Invalid Send Time", err.Error())
		}
		req.SendTime = st.wire
		if st.zone != "" {
			req.TimeZone = st.zone
		}
		when = " for " + req.SendTime
		switch {
		case req.TimeZone != "":
			when += " " + req.TimeZone
		default:
			when += " in the account's time zone"
		}
		if st.droppedSeconds {
			when += " (seconds dropped: the API schedules to the minute)"
		}
	}
	for i, d := range dests {
		dest, err := d.toClient(pd.DefaultCountry)
		if err != nil {
			diags.AddAttributeError(path.Root("destinations").AtListIndex(i).AtName("recipient"), "Invalid Phone Number", err.Error())
			continue
		}
		req.Destinations = append(req.Destinations, dest)
	}
	return req, when, diags
}

// Invoke checks the configuration once more — values of other resources
// may only be known now, and time has passed since plan — and sends only
// when every check passes. Warnings were given at plan time.
func (a *messageAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags.Errors()...)
	if resp.Diagnostics.HasError() {
		return
	}
	if _, _, known := m.destinations(ctx); !known || m.Message.IsUnknown() {
		resp.Diagnostics.AddError("Unknown Message Configuration",
			"The message or its destinations are still unknown when the action runs. This is a bug in Terraform or the provider; please report it.")
		return
	}
	sendReq, when, diags := m.sendRequest(ctx, a.data)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.DefaultWaitTimeout
	if framework.IsSet(m.WaitTimeout) {
		timeout, _ = time.ParseDuration(m.WaitTimeout.ValueString()) // validated
	}

	submitted := time.Now()
	messageID, err := a.data.Client.SendSMS(ctx, sendReq)
	if err != nil {
		addSendError(&resp.Diagnostics, messageID, err)
		return
	}
	mode := ""
	if sendReq.TestMode {
		mode = " in test mode"
	}
	resp.SendProgress(action.InvokeProgressEvent{
		Message: fmt.Sprintf("submitted message %s to %s%s%s", messageID, describeDestinations(sendReq.Destinations), when, mode),
	})
	if !m.WaitForDelivery.ValueBool() {
		return
	}
	waitForDelivery(ctx, a.data, messageID, submitted, timeout, resp)
}

// describeDestinations says whom a message was submitted to: "3
// recipients" when every destination is a number (one recipient each), else
// the count of each kind ("1 number, 1 contact and 2 groups"), since a
// contact or group becomes as many recipients as it has mobile numbers,
// which only the API knows.
func describeDestinations(dests []client.Destination) string {
	var numbers, contacts, groups int
	for _, d := range dests {
		switch {
		case d.Recipient != "":
			numbers++
		case d.ContactID != "":
			contacts++
		default:
			groups++
		}
	}
	if contacts == 0 && groups == 0 {
		return framework.Plural(numbers, "recipient")
	}
	var parts []string
	for _, p := range []struct {
		n    int
		noun string
	}{{numbers, "number"}, {contacts, "contact"}, {groups, "group"}} {
		if p.n > 0 {
			parts = append(parts, framework.Plural(p.n, p.noun))
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// addSendError reports a failed send. After an unknown outcome the message
// may have been accepted: the detail names its id and how to check it, and
// warns against sending it again.
func addSendError(diags *diag.Diagnostics, messageID string, err error) {
	if client.IsUnknownOutcome(err) {
		framework.AddRESTError(diags, "Message Outcome Unknown", fmt.Sprintf("confirm whether message %s was accepted, and the API "+
			"may have accepted it. It was not sent again. Look it up with the bestsms_message_status data source "+
			"(message_id = %q) before anything else: another send could text everyone twice", messageID, messageID), err)
		return
	}
	framework.AddRESTError(diags, "Unable to Send Message", "send the message", err)
}

// waitForDelivery polls the message status until every recipient has a
// final status, the timeout passes or ctx is cancelled, reporting progress
// whenever the counts change. Until pd.statusGrace after submitted, "not
// found" means that the message is not visible yet, and polling goes on.
func waitForDelivery(parent context.Context, pd *framework.ProviderData, messageID string, submitted time.Time, timeout time.Duration, resp *action.InvokeResponse) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	const invisible = "not visible to status polls yet (the API validates a submission before it lists it)"
	last := ""
	for {
		st, err := pd.Client.MessageStatus(ctx, messageID)
		switch {
		case err != nil && ctx.Err() != nil:
			// timed out or cancelled: reported below
		case err != nil && client.IsNotFound(err) && time.Since(submitted) < pd.StatusGrace:
			if last != invisible {
				resp.SendProgress(action.InvokeProgressEvent{Message: "message " + messageID + " is " + invisible + "; still polling"})
				last = invisible
			}
		case err != nil:
			what := "read the status of message " + messageID
			if client.IsNotFound(err) {
				what += fmt.Sprintf(", which the API still did not know %s after accepting it", pd.StatusGrace)
			}
			framework.AddRESTError(&resp.Diagnostics, "Unable to Read Message Status", what, err)
			return
		default:
			p := deliveryProgress(st)
			if msg := p.String(); msg != last {
				resp.SendProgress(action.InvokeProgressEvent{Message: msg})
				last = msg
			}
			if p.done() {
				if p.failed > 0 {
					resp.Diagnostics.AddError("Message Delivery Failed", fmt.Sprintf(
						"Message %s: %d of %d recipients failed:\n%s", messageID, p.failed, p.total, strings.Join(p.failures, "\n")))
				}
				return
			}
		}
		select {
		case <-ctx.Done():
			if parent.Err() == nil {
				resp.Diagnostics.AddError("Message Delivery Not Confirmed", fmt.Sprintf(
					"Message %s was submitted but not every recipient had a final status within wait_timeout (%s); last status: %s. "+
						"It may still be delivered; check with the bestsms_message_status data source.", messageID, timeout, last))
			} else {
				resp.Diagnostics.AddError("Waiting For Delivery Cancelled", fmt.Sprintf(
					"Message %s was submitted; waiting for its delivery was cancelled.", messageID))
			}
			return
		case <-time.After(pd.PollInterval):
		}
	}
}

// progress summarises recipients' delivery.
type progress struct {
	total, delivered, failed int
	jobDone                  bool
	failures                 []string
}

func deliveryProgress(st *client.MessageStatus) progress {
	p := progress{total: len(st.Recipients), jobDone: strings.EqualFold(st.Status, "Completed")}
	for _, r := range st.Recipients {
		switch {
		case strings.EqualFold(r.Status, "Success"):
			p.delivered++
		case r.OptedOut():
			p.failed++
			p.failures = append(p.failures, fmt.Sprintf("  %s has opted out (%s)", r.Destination, r.Result))
		case strings.EqualFold(r.Status, "Failed"):
			p.failed++
			p.failures = append(p.failures, fmt.Sprintf("  %s: %s", r.Destination, r.Result))
		}
	}
	return p
}

func (p progress) done() bool {
	return p.total > 0 && (p.delivered+p.failed == p.total || p.jobDone)
}

func (p progress) String() string {
	return fmt.Sprintf("%d/%d delivered, %d failed", p.delivered, p.total, p.failed)
}

// stringOr returns v's value, or def when v is not set.
func stringOr(v types.String, def string) string {
	if framework.IsSet(v) {
		return v.ValueString()
	}
	return def
}
