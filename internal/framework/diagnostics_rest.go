package framework

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
)

// AddRESTError turns a client error into one diagnostic: a short Title Case
// summary naming the operation, a detail that says what happened and what to
// do, followed by the API's own messages verbatim. It is the provider's only
// error-to-diagnostic function.
func AddRESTError(diags *diag.Diagnostics, summary, what string, err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "The provider could not %s.\n\n", what)

	hint := faultHint(err)
	b.WriteString(hint)
	var apiErr *client.APIError
	switch {
	case hint != "":
	case client.IsUnsupported(err):
		b.WriteString("The provider's api_version cannot carry this request, so nothing was sent. Change the " +
			"configuration, or the provider's api_version (or " + EnvAPIVersion + ") to a version that carries it.\n\n")
	case client.IsUnauthorized(err):
		b.WriteString("The BestSMS API rejected the auth token. Check the provider's auth_token argument " +
			"(or the BESTSMS_AUTH_TOKEN environment variable) and that the token is still valid in the BestSMS dashboard " +
			"and has address-book access.\n\n")
	case errors.As(err, &apiErr) && apiErr.StatusCode == 429:
		b.WriteString("The BestSMS API is rate limiting requests and the retries were used up. " +
			"Try again later, lower -parallelism, or raise max_retries.\n\n")
	case errors.As(err, &apiErr) && apiErr.StatusCode >= 500:
		b.WriteString("The BestSMS API reported a server error. Try again; if it persists, contact BestSMS support.\n\n")
	case client.IsRouteNotFound(err):
		b.WriteString("The server at the provider's base_url does not know this route, which always exists in the " +
			"BestSMS API: base_url is probably wrong. It must be the API root and end in /api, without the version " +
			"(the provider adds api_version), for example " + client.DefaultBaseURL + ", or http://127.0.0.1:8089/api " +
			"for the local mock.\n\n")
	case errors.As(err, &apiErr) && apiErr.Result == "":
		b.WriteString("The answer was not a BestSMS API response. Check the provider's base_url " +
			"(it should end in /api, without the version).\n\n")
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		b.WriteString("The operation was cancelled or timed out before the API answered.\n\n")
	}

	if errors.As(err, &apiErr) {
		if err.Error() != apiErr.Error() {
			// Wrapped with context (which object, which step): show it.
			fmt.Fprintf(&b, "Error: %s\n\n", err)
		}
		fmt.Fprintf(&b, "API call: %s %s (HTTP %d", apiErr.Method, apiErr.Path, apiErr.StatusCode)
		if apiErr.Result != "" {
			fmt.Fprintf(&b, ", Result %q", apiErr.Result)
		}
		b.WriteString(")\nAPI message(s):\n")
		for _, m := range apiErr.Messages {
			fmt.Fprintf(&b, "  %s\n", m)
		}
	} else {
		fmt.Fprintf(&b, "Error: %s", err)
	}
	diags.AddError(summary, strings.TrimRight(b.String(), "\n"))
}
