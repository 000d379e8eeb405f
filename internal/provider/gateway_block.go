package provider

// The provider's side of the legacy Best SMS Gateway api_v1: the optional
// gateway block, the gateway client it builds, and what every
// bestsms_gateway_* kind shares (its credentials check, its error
// diagnostics, phone numbers in the gateway's form). The gateway is a
// sibling of the REST API, not a mode of it: its client is
// internal/gateway, and a configuration may use either or both.

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

// gatewayBlockModel is the provider's gateway block.
type gatewayBlockModel struct {
	URL        types.String `tfsdk:"url"`
	SubAccount types.String `tfsdk:"sub_account"`
	Password   types.String `tfsdk:"password"`
}

// gatewayBlockSchema is the provider's optional gateway block.
func gatewayBlockSchema() schema.SingleNestedBlock {
	return schema.SingleNestedBlock{
		MarkdownDescription: "Credentials of the legacy **Best SMS Gateway** (`api_v1`), used by the `bestsms_gateway_*` " +
			"resources, data sources and actions only. Without this block the provider uses the gateway when both `" +
			framework.EnvGatewaySubAccount + "` and `" + framework.EnvGatewayPassword + "` are set. A configuration that uses only " +
			"gateway kinds needs no `auth_token`.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				MarkdownDescription: "The `api_v1` endpoint, default `" + gatewayapi.DefaultURL + "` (the vendor documents " +
					"it with plain `http://`), or `http://127.0.0.1:8089/api_v1` for the local mock. The password travels " +
					"in every request, so over plain `http://` to anything but this machine the provider warns: use " +
					"`https://` where the gateway offers it. Redirects are not followed. May also be set with `" +
					framework.EnvGatewayURL + "`.",
				Optional: true,
			},
			"sub_account": schema.StringAttribute{
				MarkdownDescription: "The sub-account name, for example `001_mysub1` (sent as `sub_account`). May also be " +
					"set with `" + framework.EnvGatewaySubAccount + "`.",
				Optional: true,
			},
			"password": schema.StringAttribute{
				MarkdownDescription: "The sub-account's password (sent as `sub_account_pass`). May also be set with `" +
					framework.EnvGatewayPassword + "`.",
				Optional:  true,
				Sensitive: true,
			},
		},
	}
}

// gatewaySettings are the gateway block's arguments once resolved.
type gatewaySettings struct {
	// configured is false when there is no gateway block and the
	// environment does not name both a sub-account and a password;
	// missing then says what is missing.
	configured           bool
	missing              string
	url                  string
	subAccount, password string
}

// readGatewaySettings resolves the gateway block (null when absent): each
// argument from the block, else its environment variable, else its
// default. An explicit block without a sub-account or password is an error
// of the provider's configuration; without a block, incomplete credentials
// only make the gateway kinds fail when used.
func readGatewaySettings(ctx context.Context, block types.Object, diags *diag.Diagnostics) gatewaySettings {
	root := path.Root("gateway")
	if block.IsUnknown() {
		diags.AddAttributeError(root, "Unknown BestSMS Provider Configuration",
			"The provider cannot create the Best SMS Gateway client because the gateway block is not known until apply. "+
				"Declare it with values known at plan time (literals, variables or environment variables).")
		return gatewaySettings{}
	}
	var m gatewayBlockModel
	if !block.IsNull() {
		if d := block.As(ctx, &m, basetypes.ObjectAsOptions{}); d.HasError() {
			diags.Append(d...)
			return gatewaySettings{}
		}
	}
	for _, a := range []struct {
		name string
		v    types.String
	}{{"url", m.URL}, {"sub_account", m.SubAccount}, {"password", m.Password}} {
		if a.v.IsUnknown() {
			diags.AddAttributeError(root.AtName(a.name), "Unknown BestSMS Provider Configuration",
				fmt.Sprintf("The provider cannot create the Best SMS Gateway client because gateway.%s is not known until "+
					"apply. Set it to a value known at plan time (a literal, variable or environment variable).", a.name))
		}
	}
	s := gatewaySettings{
		url:        stringSetting(m.URL, framework.EnvGatewayURL, gatewayapi.DefaultURL),
		subAccount: strings.TrimSpace(stringSetting(m.SubAccount, framework.EnvGatewaySubAccount, "")),
		password:   stringSetting(m.Password, framework.EnvGatewayPassword, ""),
	}
	switch {
	case diags.HasError():
	case block.IsNull() && (s.subAccount == "" || s.password == ""):
		s.missing = gatewayMissingReason(s.subAccount, s.password)
	case s.subAccount == "":
		diags.AddAttributeError(root.AtName("sub_account"), "Missing Best SMS Gateway Sub-Account",
			"The provider's gateway block needs a sub-account name (such as 001_mysub1): set gateway.sub_account or the "+
				framework.EnvGatewaySubAccount+" environment variable, or remove the gateway block if the configuration does not use "+
				"the bestsms_gateway_* kinds.")
	case s.password == "":
		diags.AddAttributeError(root.AtName("password"), "Missing Best SMS Gateway Password",
			"The provider's gateway block needs the sub-account's password: set gateway.password or the "+framework.EnvGatewayPassword+
				" environment variable, or remove the gateway block if the configuration does not use the bestsms_gateway_* kinds.")
	default:
		s.configured = true
	}
	return s
}

// stringSetting returns the configured value, else the environment
// variable, else def.
func stringSetting(v types.String, env, def string) string {
	if !v.IsNull() && !v.IsUnknown() {
		return v.ValueString()
	}
	if s := os.Getenv(env); s != "" {
		return s
	}
	return def
}

// gatewayClient builds the Best SMS Gateway client from the settings, with
// the provider-wide request_timeout, max_retries and User-Agent; nil when
// the gateway is not configured. Plain http to another machine is a
// warning: the password travels in every request.
func (p *bestsmsProvider) gatewayClient(ctx context.Context, s settings, terraformVersion string, diags *diag.Diagnostics) *gatewayapi.Client {
	g := s.gateway
	if !g.configured {
		return nil
	}
	c, err := gatewayapi.New(gatewayapi.Config{
		URL:        g.url,
		SubAccount: g.subAccount,
		Password:   g.password,
		UserAgent:  userAgent(p.version, terraformVersion),
		Timeout:    s.requestTimeout,
		MaxRetries: int(s.maxRetries),
		Logger:     newGatewayLogger(g.password, g.subAccount),
	})
	if err != nil {
		diags.AddAttributeError(path.Root("gateway").AtName("url"), "Invalid Best SMS Gateway URL",
			fmt.Sprintf("%s (from gateway.url or %s). Use the api_v1 endpoint, for example %s, or "+
				"http://127.0.0.1:8089/api_v1 for the local mock.", err, framework.EnvGatewayURL, gatewayapi.DefaultURL))
		return nil
	}
	if u, err := url.Parse(g.url); err == nil && u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		diags.AddAttributeWarning(path.Root("gateway").AtName("url"), "Best SMS Gateway Password Sent Unencrypted",
			fmt.Sprintf("The gateway URL %s is plain http: api_v1 sends the sub-account name and password as form fields "+
				"of every request, readable by anyone on the way. The vendor documents only this http:// endpoint; if your "+
				"gateway answers on https://, set gateway.url (or %s) to the https:// address.", u.Redacted(), framework.EnvGatewayURL))
	}
	tflog.Debug(ctx, "configured Best SMS Gateway client", map[string]any{
		"gateway_url": g.url, "request_timeout": s.requestTimeout.String(), "max_retries": s.maxRetries,
	})
	return c
}

// gatewayMissingReason says which gateway credentials are missing when
// there is no gateway block.
func gatewayMissingReason(subAccount, password string) string {
	switch {
	case subAccount != "":
		return framework.EnvGatewaySubAccount + " is set, but " + framework.EnvGatewayPassword + " is not."
	case password != "":
		return framework.EnvGatewayPassword + " is set, but " + framework.EnvGatewaySubAccount + " is not."
	}
	return "The provider block has no gateway block, and " + framework.EnvGatewaySubAccount + " and " + framework.EnvGatewayPassword +
		" are not set."
}

// isLoopbackHost reports whether host names this machine.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
