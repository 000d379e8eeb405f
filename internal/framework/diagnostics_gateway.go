package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

// AddGatewayError turns a gateway client error into one diagnostic, like
// AddRESTError does for the REST API: a Title Case summary, what the
// provider could not do, what the user can do, then the gateway's own
// message.
func AddGatewayError(diags *diag.Diagnostics, summary, what string, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "The provider could not %s.\n\n", what)
	var apiErr *gatewayapi.APIError
	var httpErr *gatewayapi.HTTPError
	switch {
	case errors.Is(err, gatewayapi.ErrOutcomeUnknown):
		b.WriteString("The request may have reached the gateway, and its answer was lost: the provider does not know " +
			"whether it was carried out, and did not send it again.\n\n")
	case gatewayapi.IsUnauthorized(err):
		b.WriteString("The gateway rejected the sub-account name or password (error_code 4), or the sub-account is " +
			"disabled (error_code 5). Check the provider's gateway block (or " + EnvGatewaySubAccount + " and " +
			EnvGatewayPassword + ") and that the sub-account is enabled.\n\n")
	case gatewayapi.IsBadRequest(err):
		b.WriteString("The gateway refused a parameter (error_code 7 to 9); its message below says which.\n\n")
	case errors.As(err, &httpErr) && httpErr.StatusCode >= 300 && httpErr.StatusCode < 400:
		b.WriteString("Check the provider's gateway.url (or " + EnvGatewayURL + "): it must be the final api_v1 address.\n\n")
	case errors.As(err, &httpErr) && httpErr.StatusCode == 404:
		b.WriteString("The server at the gateway URL has no api_v1 there: check gateway.url (or " + EnvGatewayURL +
			"); it ends in /api_v1.\n\n")
	case errors.As(err, &httpErr) && httpErr.StatusCode >= 500:
		b.WriteString("The gateway reported a server error. Try again later.\n\n")
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		b.WriteString("The operation was cancelled or timed out before the gateway answered.\n\n")
	}
	if errors.As(err, &apiErr) {
		fmt.Fprintf(&b, "Gateway action: %s\nGateway message: %s", apiErr.Action, apiErr.Message)
		if apiErr.RawCode != "" {
			fmt.Fprintf(&b, " (error_code %s)", apiErr.RawCode)
		}
	} else {
		fmt.Fprintf(&b, "Error: %s", err)
	}
	diags.AddError(summary, strings.TrimRight(b.String(), "\n"))
}
