package messaging

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

// The resubmit, reschedule and abort actions act on a message already sent
// (PATCH set/{action}/{MessageID}, contributing/wire-protocol.md §8). They share one
// implementation, parameterised by messageControl.

var (
	_ action.ActionWithConfigure  = (*messageControlAction)(nil)
	_ action.ActionWithModifyPlan = (*messageControlAction)(nil)
)

// messageControl describes one of the three actions.
type messageControl struct {
	name        string // type name suffix: message_resubmit…
	verb        string // for progress: resubmitted…
	infinitive  string // for errors: resubmit…
	description string
	// sendTime: "" (no send_time), "optional" or "required".
	sendTime string
	// feature is what the API version must carry ("" for every version).
	feature client.Feature
	call    func(ctx context.Context, c *client.Client, messageID, sendTime string) (*client.ActionResult, error)
}

// NewMessageResubmitAction is the constructor of bestsms_message_resubmit.
func NewMessageResubmitAction() action.Action {
	return &messageControlAction{control: messageControl{
		name: "message_resubmit", verb: "resubmitted", infinitive: "resubmit", sendTime: "optional",
		feature: client.FeatureResubmit,
		description: "Resubmits a message whose status is `Failed` (for example after topping up credit), now or at " +
			"`send_time`. Requires Terraform 1.14 or later; runs every time it is invoked. API v2.03 and v2.04 only: " +
			"v3.00 has no SMS resubmit, and the action is an error at plan time with `api_version = \"v3.00\"`.",
		call: func(ctx context.Context, c *client.Client, id, sendTime string) (*client.ActionResult, error) {
			return c.Resubmit(ctx, id, sendTime)
		},
	}}
}

// NewMessageRescheduleAction is the constructor of bestsms_message_reschedule.
func NewMessageRescheduleAction() action.Action {
	return &messageControlAction{control: messageControl{
		name: "message_reschedule", verb: "rescheduled", infinitive: "reschedule", sendTime: "required",
		description: "Moves a scheduled (`Delayed`) message to a new `send_time`. Requires Terraform 1.14 or later.",
		call: func(ctx context.Context, c *client.Client, id, sendTime string) (*client.ActionResult, error) {
			return c.Reschedule(ctx, id, sendTime)
		},
	}}
}

// NewMessageAbortAction is the constructor of bestsms_message_abort.
func NewMessageAbortAction() action.Action {
	return &messageControlAction{control: messageControl{
		name: "message_abort", verb: "aborted", infinitive: "abort",
		description: "Cancels a scheduled (`Delayed`) message before it is sent. Requires Terraform 1.14 or later.",
		call: func(ctx context.Context, c *client.Client, id, _ string) (*client.ActionResult, error) {
			return c.Abort(ctx, id)
		},
	}}
}

type messageControlAction struct {
	control messageControl
	data    *framework.ProviderData
}

func (a *messageControlAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + a.control.name
}

func (a *messageControlAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"message_id": schema.StringAttribute{
			MarkdownDescription: "The message's id (`message_id` of the `bestsms_message` action, or the id the API " +
				"generated). When an id was reused, the most recent message with it is acted on.",
			Required:   true,
			Validators: []validator.String{messageIDValidator},
		},
	}
	if a.control.sendTime != "" {
		// set/{action} takes no time zone: SendTime is local to the account.
		attrs["send_time"] = schema.StringAttribute{
			MarkdownDescription: "When to send, as `YYYY-MM-DDTHH:MM` in the account's time zone (these endpoints take no " +
				"time zone). A time more than " + framework.SendTimeTolerance.String() + " in the past in every zone the API " +
				"supports is an error (the API would send at once).",
			Required:   a.control.sendTime == "required",
			Optional:   a.control.sendTime == "optional",
			Validators: []validator.String{sendTimeValidator(false, "")},
		}
	}
	resp.Schema = schema.Schema{MarkdownDescription: a.control.description, Attributes: attrs}
}

func (a *messageControlAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = framework.ConfiguredData(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan runs the schema's checks again on values that were unknown
// when Terraform validated the configuration (variables, locals), and
// refuses an action the provider's api_version does not have.
func (a *messageControlAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	resp.Diagnostics.Append(a.check(ctx, req.Config)...)
}

// check runs the schema's validators on the configuration as it is now,
// and refuses the action when the provider's api_version does not have it.
func (a *messageControlAction) check(ctx context.Context, cfg tfsdk.Config) diag.Diagnostics {
	var s action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &s)
	diags := framework.Revalidate(ctx, s.Schema, cfg)
	if a.data != nil && a.control.feature != "" {
		a.data.CheckSupported(a.control.feature, path.Empty(), "bestsms_"+a.control.name, &diags)
	}
	return diags
}

// Invoke checks the configuration once more (values of other resources may
// only be known now) before acting on the message.
func (a *messageControlAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	if resp.Diagnostics.Append(a.check(ctx, req.Config).Errors()...); resp.Diagnostics.HasError() {
		return
	}
	var id, sendTime types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("message_id"), &id)...)
	if a.control.sendTime != "" {
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("send_time"), &sendTime)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	res, err := a.control.call(ctx, a.data.Client, id.ValueString(), sendTime.ValueString())
	if err != nil {
		framework.AddRESTError(&resp.Diagnostics, "Unable to Run "+framework.TitleWords(a.control.name),
			fmt.Sprintf("%s message %s", a.control.infinitive, id.ValueString()), err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{
		Message: fmt.Sprintf("%s message %s (job %s, status reported: %s)", a.control.verb, id.ValueString(), res.JobNum, res.Status),
	})
}
