package gateway

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

var (
	_ action.ActionWithConfigure      = (*gatewaySMSStopAction)(nil)
	_ action.ActionWithValidateConfig = (*gatewaySMSStopAction)(nil)
	_ action.ActionWithModifyPlan     = (*gatewaySMSStopAction)(nil)
)

// NewGatewaySMSStopAction is the constructor of bestsms_gateway_sms_stop.
func NewGatewaySMSStopAction() action.Action { return &gatewaySMSStopAction{} }

type gatewaySMSStopAction struct {
	data *framework.ProviderData
}

// gatewayFilterNames are the filter attributes, in the order messages name
// them.
var gatewayFilterNames = []string{"batch_id", "sms_ids", "stage", "recipient", "sender_id", "start_date", "end_date", "type"}

func (a *gatewaySMSStopAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_gateway_sms_stop"
}

func (a *gatewaySMSStopAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	validators := gatewaySMSFilterValidators()
	attrs := map[string]schema.Attribute{
		"sms_ids": schema.ListAttribute{
			MarkdownDescription: gatewaySMSFilterDescriptions["sms_ids"],
			Optional:            true,
			ElementType:         types.StringType,
			Validators:          []validator.List{listvalidator.ValueStringsAre(gatewayID)},
		},
		"recipient": schema.StringAttribute{
			MarkdownDescription: gatewaySMSFilterDescriptions["recipient"],
			Optional:            true,
			CustomType:          framework.PhoneNumberType{},
			Validators:          validators["recipient"],
		},
	}
	for _, name := range []string{"batch_id", "stage", "type", "sender_id", "start_date", "end_date"} {
		desc := gatewaySMSFilterDescriptions[name]
		if name == "type" {
			desc += " `normal` alone is not a filter (see above)."
		}
		attrs[name] = schema.StringAttribute{MarkdownDescription: desc, Optional: true, Validators: validators[name]}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Stops the queued SMS of the legacy Best SMS Gateway (`api_v1` `stop_sms`) that match " +
			"every filter given — for example a scheduled batch (`batch_id`). Needs the provider's `gateway` block and " +
			"Terraform 1.14 or later.\n\n" +
			"**At least one filter is required**, and its absence is an error at plan time: `stop_sms` without a " +
			"filter stops every SMS of the sub-account. `type = \"normal\"` alone does not count, because a gateway " +
			"that reads its fields as PHP does takes `0` for no filter. Only messages still pending can be stopped; " +
			"when none matches, the action fails saying so.",
		Attributes: attrs,
	}
}

func (a *gatewaySMSStopAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = framework.GatewayData(req.ProviderData, "bestsms_gateway_sms_stop", &resp.Diagnostics)
}

// narrows reports whether the filter selects less than every SMS; values
// not known yet count as filters (they are checked again once known).
func (f *gatewaySMSFilterModel) narrows() bool {
	for _, v := range []types.String{f.BatchID, f.Stage, f.SenderID, f.StartDate, f.EndDate, f.Recipient.StringValue} {
		if v.IsUnknown() || strings.TrimSpace(v.ValueString()) != "" {
			return true
		}
	}
	if f.Type.IsUnknown() || f.Type.ValueString() == gatewayTypeFlash {
		return true
	}
	ids, known := stringList(f.SMSIDs)
	if !known {
		return true
	}
	for _, id := range ids {
		if strings.TrimSpace(id) != "" {
			return true
		}
	}
	return false
}

// checkNarrows reports a filter that would stop every SMS.
func (f *gatewaySMSFilterModel) checkNarrows(diags *diag.Diagnostics) {
	if f.narrows() {
		return
	}
	diags.AddError("Gateway SMS Stop Needs A Filter", fmt.Sprintf(
		"api_v1's stop_sms stops every SMS of the sub-account when no filter is given, so bestsms_gateway_sms_stop "+
			"requires at least one of %s (type = \"flash\"; type = \"normal\" alone does not narrow anything on a gateway "+
			"that reads 0 as absent). Empty values do not count. To stop one send, give its batch_id.",
		strings.Join(gatewayFilterNames, ", ")))
}

// ValidateConfig rejects a configuration without a filter; values not
// known yet count as filters.
func (a *gatewaySMSStopAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var f gatewaySMSFilterModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &f)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f.checkNarrows(&resp.Diagnostics)
}

// check runs the schema's validators and the filter rule on the
// configuration as it is now, and the phone rules of default_country.
func (a *gatewaySMSStopAction) check(ctx context.Context, cfg tfsdk.Config) (gatewaySMSFilterModel, diag.Diagnostics) {
	var s action.SchemaResponse
	a.Schema(ctx, action.SchemaRequest{}, &s)
	diags := framework.Revalidate(ctx, s.Schema, cfg)
	var f gatewaySMSFilterModel
	if d := cfg.Get(ctx, &f); d.HasError() {
		diags.Append(d...)
		return f, diags
	}
	f.checkNarrows(&diags)
	if a.data != nil && !framework.HasErrorAt(diags, path.Root("recipient")) {
		framework.CheckPhone(f.Recipient, path.Root("recipient"), a.data.DefaultCountry, &diags)
	}
	return f, diags
}

// ModifyPlan checks the configuration as Terraform knows it at plan time:
// a filter from a variable that turns out empty fails here.
func (a *gatewaySMSStopAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	_, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags...)
}

// Invoke checks everything once more with every value known, then stops.
func (a *gatewaySMSStopAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	f, diags := a.check(ctx, req.Config)
	resp.Diagnostics.Append(diags.Errors()...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter, err := f.toGateway(a.data.DefaultCountry)
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("recipient"), "Invalid Phone Number", err.Error())
		return
	}
	stopped, err := a.data.Gateway.StopSMS(ctx, filter)
	var apiErr *gatewayapi.APIError
	switch {
	case err == nil:
	case gatewayapi.IsNotFound(err):
		resp.Diagnostics.AddError("No Gateway SMS Matched", "No SMS record of the sub-account matches the filter, "+
			"so nothing was stopped. Check the filter with the bestsms_gateway_messages data source.")
		return
	case errors.As(err, &apiErr) && apiErr.Code == 11:
		resp.Diagnostics.AddError("No Queued Gateway SMS Matched", "SMS records match the filter, but none of them "+
			"is still queued (they were sent or stopped already), so nothing was stopped.\n\nGateway message: "+apiErr.Message)
		return
	case errors.Is(err, gatewayapi.ErrOutcomeUnknown):
		framework.AddGatewayError(&resp.Diagnostics, "Gateway SMS Stop Outcome Unknown",
			"confirm whether the SMS were stopped. Stopping again is safe", err)
		return
	default:
		framework.AddGatewayError(&resp.Diagnostics, "Unable to Stop Gateway SMS", "stop the SMS", err)
		return
	}
	resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf("stopped %s", framework.Plural(stopped, "queued SMS record"))})
}
