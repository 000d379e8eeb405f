package gateway

import (
	"context"
	"errors"
	"fmt"
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

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/smsenc"
)

var (
	_ action.ActionWithConfigure      = (*gatewaySMSAction)(nil)
	_ action.ActionWithValidateConfig = (*gatewaySMSAction)(nil)
	_ action.ActionWithModifyPlan     = (*gatewaySMSAction)(nil)
)

// NewGatewaySMSAction is the constructor of the bestsms_gateway_sms action.
func NewGatewaySMSAction() action.Action { return &gatewaySMSAction{} }

type gatewaySMSAction struct {
	data *framework.ProviderData
}

type gatewaySMSModel struct {
	Message         types.String `tfsdk:"message"`
	Recipients      types.List   `tfsdk:"recipients"`
	Contacts        types.List   `tfsdk:"contacts"`
	ContactGroups   types.List   `tfsdk:"contact_groups"`
	IgnoreGroups    types.List   `tfsdk:"ignore_groups"`
	SenderID        types.String `tfsdk:"sender_id"`
	Flash           types.Bool   `tfsdk:"flash"`
	Unicode         types.Bool   `tfsdk:"unicode"`
	Route           types.String `tfsdk:"route"`
	DefaultDialCode types.String `tfsdk:"default_dial_code"`
	SendAt          types.String `tfsdk:"send_at"`
	TimezoneOffset  types.String `tfsdk:"timezone_offset"`
	SaveAs          types.String `tfsdk:"save_as"`
	WaitFor         types.String `tfsdk:"wait_for"`
	WaitTimeout     types.String `tfsdk:"wait_timeout"`
}

type gatewaySMSContactModel struct {
	Phone            framework.PhoneNumberValue `tfsdk:"phone"`
	FirstName        types.String               `tfsdk:"first_name"`
	LastName         types.String               `tfsdk:"last_name"`
	GroupName        types.String               `tfsdk:"group_name"`
	ExtraData        types.String               `tfsdk:"extra_data"`
	OverrideMessage  types.String               `tfsdk:"override_message"`
	OverrideDateTime types.String               `tfsdk:"override_date_time"`
}

// Routes by name.
var gatewayRoutes = map[string]gatewayapi.Route{
	"standard":  gatewayapi.RouteStandard,
	"financial": gatewayapi.RouteFinancial,
	"corporate": gatewayapi.RouteCorporate,
}

// What wait_for waits for.
const (
	waitForSent      = "sent"
	waitForDelivered = "delivered"
)

// maxGatewayRecipients bounds recipients and contacts of one send.
const maxGatewayRecipients = 10000

func (a *gatewaySMSAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_sms"
}

func (a *gatewaySMSAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	optional := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: validators}
	}
	// The text and the personalisation are write-only: they take ephemeral
	// values and are never stored (framework.WriteOnlyMarkdown).
	personal := func(desc string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " " + framework.WriteOnlyMarkdown, Optional: true,
			WriteOnly: true, Validators: validators}
	}
	groups := func(desc string) schema.ListAttribute {
		return schema.ListAttribute{
			MarkdownDescription: desc + " No commas in names (api_v1 lists groups comma-separated).",
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.ValueStringsAre(gatewayGroupName)},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Sends an SMS through the legacy Best SMS Gateway (`api_v1` `send_sms`). Needs the " +
			"provider's `gateway` block and Terraform 1.14 or later. An action stores nothing: it sends again every " +
			"time it is invoked (`terraform apply -invoke=action.bestsms_gateway_sms.<name>`) or its `action_trigger` " +
			"fires. A send is never repeated after an unknown outcome (a timeout, a lost answer): `api_v1` has no " +
			"client message id, so a repeat could not be recognised and would text everyone twice; the error says " +
			"which batch to look for instead. Progress names the batch (`batch_id`), which `bestsms_gateway_messages` " +
			"and `bestsms_gateway_sms_stop` take. The texts and the names are write-only: a secret may come from an " +
			"`ephemeral = true` variable or an ephemeral resource, and is never stored in the plan or state.",
		Attributes: map[string]schema.Attribute{
			"message": schema.StringAttribute{
				MarkdownDescription: "The text. " + framework.WriteOnlyMarkdown,
				Required:            true,
				WriteOnly:           true,
				Validators:          []validator.String{framework.NotBlank},
			},
			"recipients": schema.ListAttribute{
				MarkdownDescription: "Phone numbers. " + framework.PhoneRulesMarkdown + " Sent in international form, so the " +
					"gateway's dial code never applies to them. At least one of `recipients`, `contacts` and " +
					"`contact_groups` must name someone; the gateway sends once to a number named twice.",
				Optional:    true,
				ElementType: framework.PhoneNumberType{},
				Validators: []validator.List{
					listvalidator.ValueStringsAre(framework.PhoneValidator),
					listvalidator.SizeAtMost(maxGatewayRecipients),
					listvalidator.AtLeastOneOf(path.MatchRoot("contacts"), path.MatchRoot("contact_groups")),
				},
			},
			"contacts": schema.ListNestedAttribute{
				MarkdownDescription: "Recipients with personal data (`contacts` of `send_sms`): a number, and optionally " +
					"names, a group, data kept on the SMS record, and a text or send time of their own.",
				Optional:   true,
				Validators: []validator.List{listvalidator.SizeAtMost(maxGatewayRecipients)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"phone": schema.StringAttribute{
						MarkdownDescription: "The number. " + framework.PhoneRulesMarkdown + " Sent in international form.",
						Required:            true,
						CustomType:          framework.PhoneNumberType{},
						Validators:          []validator.String{framework.PhoneValidator},
					},
					"first_name": personal("First name (`firstname`)."),
					"last_name":  personal("Last name (`lastname`)."),
					"group_name": optional("Group name kept with the record.", gatewayGroupName),
					"extra_data": optional("Free text kept on this recipient's SMS record (`extra_data` of " +
						"`bestsms_gateway_messages`)."),
					"override_message": personal("A text of its own for this recipient, instead of `message`.", framework.NotBlank),
					"override_date_time": optional("A send time of its own for this recipient, in the forms of `send_at` "+
						"(at `timezone_offset`).", gatewaySendAt),
				}},
			},
			"contact_groups": groups("Groups of the sub-account whose every number receives the message."),
			"ignore_groups":  groups("Groups whose numbers do not receive the message, even when named otherwise."),
			"sender_id": optional("What recipients see as the sender: 3 to 11 characters, or 3 to 14 digits. Default: "+
				"the sub-account's (`default_sender_id` of `bestsms_gateway_account`).", gatewaySenderID),
			"flash": schema.BoolAttribute{
				MarkdownDescription: "Send a flash message (`type` 1), shown at once and not stored by the handset.",
				Optional:            true,
			},
			"unicode": schema.BoolAttribute{
				MarkdownDescription: "Keep characters outside GSM-7 (`unicode` 1); the reference counts 72 characters " +
					"per page in this mode.",
				Optional: true,
			},
			"route": optional("`standard` (the default), `financial` (no fallback route: for one-time passwords and "+
				"transactional messages) or `corporate` (falls back to standard where the destination allows).",
				stringvalidator.OneOf("standard", "financial", "corporate")),
			"default_dial_code": optional("Dial code the gateway gives numbers that start with 0, instead of the "+
				"sub-account's (1 to 4 digits, for example `234`). The provider sends `recipients` and `contacts` in "+
				"international form, so it matters only for numbers the gateway stored in national form.", gatewayDialCode),
			"send_at": optional("Send later: `2016-04-22 13:45`, `2016-04-22` or `13:45` (today), at `timezone_offset`. "+
				"Omitted: now. A time in the past at every timezone offset is an error (the gateway would send at once).",
				gatewaySendAt),
			"timezone_offset": optional("Offset from UTC in hours of `send_at` and `override_date_time`, for example `+1`, "+
				"`-5` or `+5.5`. Default: the sub-account's (`bestsms_gateway_account`).", gatewayTimezoneOffset),
			"save_as": optional("Also save the recipients' numbers as contacts of this group.", gatewayGroupName),
			"wait_for": optional("Wait after sending, reporting progress: `sent` waits until no recipient is pending "+
				"(queued) any more, `delivered` until every recipient is DELIVERED or failed. Then the action fails if "+
				"any recipient failed, listing them. Polls fetch_sms every 2 seconds. Not allowed with `send_at` or "+
				"`override_date_time`.",
				stringvalidator.OneOf(waitForSent, waitForDelivered)),
			"wait_timeout": optional("How long `wait_for` waits, as a Go duration (`90s`, `10m`); default `"+
				framework.DefaultWaitTimeout.String()+"`.", framework.WaitTimeoutValidator, stringvalidator.AlsoRequires(path.MatchRoot("wait_for"))),
		},
	}
}

func (a *gatewaySMSAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_sms", &resp.Diagnostics)
}

// contacts returns the contact objects; ok is false while the list or an
// element is unknown.
func (m *gatewaySMSModel) contacts(ctx context.Context) ([]gatewaySMSContactModel, diag.Diagnostics, bool) {
	if m.Contacts.IsNull() {
		return nil, nil, true
	}
	if m.Contacts.IsUnknown() {
		return nil, nil, false
	}
	for _, e := range m.Contacts.Elements() {
		if e.IsUnknown() {
			return nil, nil, false
		}
	}
	var out []gatewaySMSContactModel
	diags := m.Contacts.ElementsAs(ctx, &out, false)
	return out, diags, !diags.HasError()
}

// stringList returns a list's known strings; ok is false while the list or
// an element is unknown.
func stringList(l types.List) ([]string, bool) {
	if l.IsUnknown() {
		return nil, false
	}
	var out []string
	for _, e := range l.Elements() {
		s, ok := e.(interface {
			IsUnknown() bool
			IsNull() bool
			ValueString() string
		})
		if !ok || s.IsUnknown() {
			return nil, false
		}
		if !s.IsNull() {
			out = append(out, s.ValueString())
		}
	}
	return out, true
}

// crossCheck checks what involves several attributes, on the values known.
func (m *gatewaySMSModel) crossCheck(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	recipients, recipientsKnown := stringList(m.Recipients)
	groups, groupsKnown := stringList(m.ContactGroups)
	ignored, ignoredKnown := stringList(m.IgnoreGroups)
	contacts, d, contactsKnown := m.contacts(ctx)
	diags.Append(d...)
	if recipientsKnown && groupsKnown && contactsKnown && len(recipients)+len(groups)+len(contacts) == 0 &&
		(!m.Recipients.IsNull() || !m.ContactGroups.IsNull() || !m.Contacts.IsNull()) {
		diags.AddAttributeError(path.Root("recipients"), "No Gateway SMS Recipients",
			"recipients, contacts and contact_groups are all empty: name at least one number, contact or group.")
	}
	if groupsKnown && ignoredKnown {
		for i, g := range ignored {
			for _, c := range groups {
				if g == c {
					diags.AddAttributeError(path.Root("ignore_groups").AtListIndex(i), "Group Both Sent To And Ignored",
						fmt.Sprintf("%q is in contact_groups and in ignore_groups; the gateway refuses such a send (error_code 9). "+
							"Remove it from one of them.", g))
				}
			}
		}
	}
	if framework.IsSet(m.WaitFor) {
		if framework.IsSet(m.SendAt) {
			diags.AddAttributeError(path.Root("wait_for"), "Cannot Wait For A Scheduled Gateway SMS",
				"wait_for waits for the send now; with send_at the message goes later. Remove one of them, and check "+
					"the scheduled batch with the bestsms_gateway_messages data source.")
		}
		for i, c := range contacts {
			if framework.IsSet(c.OverrideDateTime) {
				diags.AddAttributeError(path.Root("contacts").AtListIndex(i).AtName("override_date_time"),
					"Cannot Wait For A Scheduled Gateway SMS",
					"wait_for waits for the send now; this contact's message goes later. Remove wait_for or override_date_time.")
			}
		}
	}
	return diags
}

// check runs every check of validation again on the configuration as it is
// now (values from variables and other resources may have been unknown at
// validation), then the phone rules of the provider's default_country.
func (a *gatewaySMSAction) check(ctx context.Context, cfg tfsdk.Config) (gatewaySMSModel, diag.Diagnostics) {
	var s action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &s)
	diags := framework.Revalidate(ctx, s.Schema, cfg)
	var m gatewaySMSModel
	if d := cfg.Get(ctx, &m); d.HasError() {
		diags.Append(d...)
		return m, diags
	}
	if framework.HasErrorAt(diags, path.Root("recipients")) || framework.HasErrorAt(diags, path.Root("contacts")) {
		return m, diags // too many: they are not sent, and checking each is slow
	}
	diags.Append(m.crossCheck(ctx)...)
	if a.data == nil {
		return m, diags
	}
	region := a.data.DefaultCountry
	for i, e := range m.Recipients.Elements() {
		if v, ok := e.(framework.PhoneNumberValue); ok {
			if p := path.Root("recipients").AtListIndex(i); !framework.HasErrorAt(diags, p) {
				framework.CheckPhone(v, p, region, &diags)
			}
		}
	}
	contacts, _, _ := m.contacts(ctx)
	for i, c := range contacts {
		if p := path.Root("contacts").AtListIndex(i).AtName("phone"); !framework.HasErrorAt(diags, p) {
			framework.CheckPhone(c.Phone, p, region, &diags)
		}
	}
	return m, diags
}

// ValidateConfig checks what the declarative validators cannot.
func (a *gatewaySMSAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m gatewaySMSModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.crossCheck(ctx)...)
}

// ModifyPlan checks the configuration as Terraform knows it at plan time, so
// that values from variables fail at plan like literals.
func (a *gatewaySMSAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	m, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() || m.Unicode.ValueBool() || m.Unicode.IsUnknown() {
		return
	}
	type text struct {
		value string
		at    path.Path
	}
	var texts []text
	if framework.IsSet(m.Message) {
		texts = append(texts, text{m.Message.ValueString(), path.Root("message")})
	}
	contacts, _, _ := m.contacts(ctx)
	for i, c := range contacts {
		if framework.IsSet(c.OverrideMessage) {
			texts = append(texts, text{c.OverrideMessage.ValueString(), path.Root("contacts").AtListIndex(i).AtName("override_message")})
		}
	}
	for _, t := range texts {
		if !smsenc.IsGSM7(t.value) {
			resp.Diagnostics.AddAttributeWarning(t.at, "Characters Outside GSM-7", "The text has characters that plain "+
				"SMS (GSM-7) cannot carry, which the gateway may replace or drop. Set unicode = true to keep them "+
				"(the gateway then counts 72 characters per page).")
		}
	}
}

// sendRequest builds the send from a checked, known configuration.
func (m *gatewaySMSModel) sendRequest(ctx context.Context, region string) (gatewayapi.SendRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := gatewayapi.SendRequest{
		Message:         m.Message.ValueString(),
		SenderID:        m.SenderID.ValueString(),
		Flash:           m.Flash.ValueBool(),
		Unicode:         m.Unicode.ValueBool(),
		Route:           gatewayRoutes[m.Route.ValueString()],
		DefaultDialCode: m.DefaultDialCode.ValueString(),
		SendAt:          m.SendAt.ValueString(),
		TimezoneOffset:  m.TimezoneOffset.ValueString(),
		SaveAs:          m.SaveAs.ValueString(),
	}
	req.ContactGroups, _ = stringList(m.ContactGroups)
	req.IgnoreGroups, _ = stringList(m.IgnoreGroups)
	recipients, _ := stringList(m.Recipients)
	for i, r := range recipients {
		n, err := gatewayNumber(r, region)
		if err != nil {
			diags.AddAttributeError(path.Root("recipients").AtListIndex(i), "Invalid Phone Number", err.Error())
			continue
		}
		req.Recipients = append(req.Recipients, n)
	}
	contacts, d, _ := m.contacts(ctx)
	diags.Append(d...)
	for i, c := range contacts {
		n, err := gatewayNumber(c.Phone.ValueString(), region)
		if err != nil {
			diags.AddAttributeError(path.Root("contacts").AtListIndex(i).AtName("phone"), "Invalid Phone Number", err.Error())
			continue
		}
		req.Contacts = append(req.Contacts, gatewayapi.SendContact{
			Phone: n, FirstName: c.FirstName.ValueString(), LastName: c.LastName.ValueString(),
			GroupName: c.GroupName.ValueString(), ExtraData: c.ExtraData.ValueString(),
			OverrideMessage: c.OverrideMessage.ValueString(), OverrideDateTime: c.OverrideDateTime.ValueString(),
		})
	}
	return req, diags
}

// Invoke checks the configuration once more — values of other resources
// may only be known now, and time has passed since plan — and sends only
// when every check passes.
func (a *gatewaySMSAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	m, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags.Errors()...)
	if resp.Diagnostics.HasError() {
		return
	}
	send, diags := m.sendRequest(ctx, a.data.DefaultCountry)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := framework.DefaultWaitTimeout
	if framework.IsSet(m.WaitTimeout) {
		timeout, _ = time.ParseDuration(m.WaitTimeout.ValueString()) // validated
	}

	submitted := time.Now()
	res, err := a.data.Gateway.SendSMS(ctx, send)
	if err != nil {
		if errors.Is(err, gatewayapi.ErrOutcomeUnknown) {
			framework.AddGatewayError(&resp.Diagnostics, "Gateway SMS Outcome Unknown",
				"confirm whether the gateway accepted the SMS, and it may have: do not send it again before checking the "+
					"sub-account's messages (bestsms_gateway_messages) for the batch the error describes", err)
			return
		}
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Send Gateway SMS", "send the SMS", err)
		return
	}
	when := ""
	if send.SendAt != "" {
		when = " for " + send.SendAt
		if send.TimezoneOffset != "" {
			when += " at offset " + send.TimezoneOffset
		} else {
			when += " at the sub-account's timezone offset"
		}
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(
		"submitted gateway batch %s: %s%s", res.BatchID, framework.Plural(res.Total, "recipient number"), when)})
	if framework.IsSet(m.WaitFor) {
		waitForGatewayBatch(ctx, a.data, res.BatchID, m.WaitFor.ValueString(), submitted, timeout, resp)
	}
}

// gatewayProgress summarises the records of a batch.
type gatewayProgress struct {
	total, pending, sent, delivered, failed int
	failures                                []string
}

func newGatewayProgress(records []gatewayapi.SMS) gatewayProgress {
	p := gatewayProgress{total: len(records)}
	for _, r := range records {
		switch r.Status {
		case gatewayapi.StatusPending:
			p.pending++
		case gatewayapi.StatusSent:
			p.sent++
		case gatewayapi.StatusDelivered:
			p.delivered++
		default:
			p.failed++
			line := fmt.Sprintf("  %s: %s", gatewayStoredPhone(r.Recipient), gatewayStatusName(r))
			if r.Info != "" {
				line += " (" + r.Info + ")"
			}
			p.failures = append(p.failures, line)
		}
	}
	return p
}

// done reports whether waiting for until ("sent" or "delivered") is over.
func (p gatewayProgress) done(until string) bool {
	if until == waitForDelivered {
		return p.total > 0 && p.pending == 0 && p.sent == 0
	}
	return p.total > 0 && p.pending == 0
}

func (p gatewayProgress) String() string {
	return fmt.Sprintf("%d pending, %d sent, %d delivered, %d failed of %s",
		p.pending, p.sent, p.delivered, p.failed, framework.Plural(p.total, "recipient"))
}

// waitForGatewayBatch polls the batch's records until the wait is over,
// the timeout passes or ctx is cancelled, reporting progress whenever the
// counts change. Until pd.statusGrace after submitted, a batch without
// records is not listed yet, and polling goes on.
func waitForGatewayBatch(parent context.Context, pd *framework.ProviderData, batch, until string, submitted time.Time,
	timeout time.Duration, resp *action.InvokeResponse) {
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	const invisible = "not listed by fetch_sms yet"
	last := ""
	for {
		records, err := pd.Gateway.FetchSMS(ctx, gatewayapi.SMSQuery{SMSFilter: gatewayapi.SMSFilter{BatchID: batch}})
		if gatewayapi.IsNotFound(err) {
			records, err = nil, nil
		}
		switch {
		case err != nil && ctx.Err() != nil:
			// timed out or cancelled: reported below
		case err != nil:
			framework.AddGatewayError(&resp.Diagnostics, "Unable to Read Gateway SMS Status", "read the records of batch "+batch, err)
			return
		case len(records) == 0 && time.Since(submitted) < pd.StatusGrace:
			if last != invisible {
				resp.SendProgress(action.InvokeProgressEvent{Message: "batch " + batch + " is " + invisible + "; still polling"})
				last = invisible
			}
		case len(records) == 0:
			resp.Diagnostics.AddError("Gateway Batch Not Found", fmt.Sprintf(
				"The gateway accepted batch %s, but fetch_sms still listed no record of it %s later. Check the "+
					"sub-account's messages (bestsms_gateway_messages with batch_id = %q).", batch, pd.StatusGrace, batch))
			return
		default:
			p := newGatewayProgress(records)
			if msg := "batch " + batch + ": " + p.String(); msg != last {
				resp.SendProgress(action.InvokeProgressEvent{Message: msg})
				last = msg
			}
			if p.done(until) {
				if p.failed > 0 {
					resp.Diagnostics.AddError("Gateway SMS Failed", fmt.Sprintf("Batch %s: %d of %s failed:\n%s",
						batch, p.failed, framework.Plural(p.total, "recipient"), strings.Join(p.failures, "\n")))
				}
				return
			}
		}
		select {
		case <-ctx.Done():
			if parent.Err() == nil {
				resp.Diagnostics.AddError("Gateway SMS Not Confirmed", fmt.Sprintf(
					"Batch %s was submitted, but waiting for it to be %s ended after wait_timeout (%s); last status: %s. "+
						"It may still go out; check with the bestsms_gateway_messages data source (batch_id = %q).",
					batch, until, timeout, last, batch))
			} else {
				resp.Diagnostics.AddError("Waiting For Gateway SMS Cancelled", fmt.Sprintf(
					"Batch %s was submitted; waiting for it was cancelled.", batch))
			}
			return
		case <-time.After(pd.PollInterval):
		}
	}
}
