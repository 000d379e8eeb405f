package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// baseURLCheckTimeout bounds the request checkBaseURL makes.
const baseURLCheckTimeout = 15 * time.Second

// versionSuffix matches a base URL path ending in an API version.
var versionSuffix = regexp.MustCompile(`(?i)/v\d+(\.\d+)?$`)

// checkBaseURL looks for the usual base_url mistakes once, when the
// provider is configured, so that they are one diagnostic instead of an
// "HTTP 404 Route not found" in every resource:
//
//   - a base URL that does not end in /api is asked for one group (a route
//     that always exists); a 404 for it is an error naming base_url;
//   - a base URL that ends in a version is a warning, when it answers at
//     all: the provider adds api_version itself.
//
// A base URL ending in /api costs no request. Other failures of the check
// (network, token) are left to the calls that follow, which report them.
func checkBaseURL(ctx context.Context, c *client.Client, baseURL string, diags *diag.Diagnostics) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		diags.AddAttributeWarning(path.Root("base_url"), "BestSMS Auth Token Sent Unencrypted", fmt.Sprintf(
			"The base URL %s is plain http: every request carries the auth token in its Authorization header, "+
				"readable by anyone on the way, and the answers (phone numbers, e-mail addresses, messages) too. Use "+
				"https:// (the API's address is %s); plain http is for the local mock (http://127.0.0.1:8089/api).",
			redact.URL(baseURL), client.DefaultBaseURL))
	}
	p := strings.TrimRight(u.Path, "/")
	version := versionSuffix.FindString(p)
	hint := fmt.Sprintf("base_url must be the API root and end in /api, without the version (the provider adds "+
		"api_version), for example %s, or http://127.0.0.1:8089/api for the local mock; got %q.", client.DefaultBaseURL, redact.URL(baseURL))
	if version != "" {
		hint += fmt.Sprintf(" Remove %q from its end.", version)
	}
	if !strings.HasSuffix(strings.ToLower(p), "/api") {
		ctx, cancel := context.WithTimeout(ctx, baseURLCheckTimeout)
		defer cancel()
		if err := c.CheckBaseURL(ctx); client.IsRouteNotFound(err) {
			diags.AddAttributeError(path.Root("base_url"), "Invalid BestSMS Base URL",
				"The server at base_url does not know the group list, a route that always exists in the BestSMS API ("+
					err.Error()+"). "+hint)
			return
		}
	}
	if version != "" {
		diags.AddAttributeWarning(path.Root("base_url"), "BestSMS Base URL Ends In A Version",
			fmt.Sprintf("Requests go to %s/%s/…, with the version twice. %s", strings.TrimRight(baseURL, "/"), c.APIVersion(), hint))
	}
}
