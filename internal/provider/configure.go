package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// defaultMaxRequestsPerSecond keeps a large apply within what the API
// tolerates without 429s.
const defaultMaxRequestsPerSecond = 10

const defaultCountry = "AU"

// settings are the provider's arguments once resolved (readSettings).
type settings struct {
	authToken      string
	baseURL        string
	apiVersion     string
	defaultCountry string
	maxRetries     int64
	subAccount     string
	department     string
	bulkRead       bool
	maxRequests    float64
	requestTimeout time.Duration
	gateway        gatewaySettings
}

// Configure resolves the settings, builds the client and hands both to
// every resource, data source and action:
//
//  1. readSettings: each argument from the provider block, else its
//     environment variable, else its default; values from the environment
//     are checked by the argument's own schema validators;
//  2. restClient: the REST client (client.New checks what it needs, such
//     as the base URL, and its errors are reported on the argument), and
//     gatewayClient: the Best SMS Gateway client (gateway_block.go);
//  3. framework.ProviderData.
//
// Either client is nil when its credentials are missing: a configuration
// may use the REST API, the gateway, both, or neither (functions only).
// The kinds report missing credentials from their Configure
// (framework.ConfiguredData, framework.GatewayData), naming what they need.
func (p *bestsmsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s := p.readSettings(ctx, cfg, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	c := p.restClient(ctx, s, req.TerraformVersion, &resp.Diagnostics)
	gw := p.gatewayClient(ctx, s, req.TerraformVersion, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &framework.ProviderData{
		Client:         c,
		APIVersion:     s.apiVersion,
		Gateway:        gw,
		GatewayMissing: s.gateway.missing,
		DefaultCountry: s.defaultCountry,
		SubAccount:     s.subAccount,
		Department:     s.department,
		PollInterval:   cmp.Or(p.pollInterval, defaultPollInterval),
		StatusGrace:    cmp.Or(p.statusGrace, framework.DefaultStatusGrace),
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.EphemeralResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
	p.configured.Store(data)
}

// readSettings resolves every argument, in schema order, so that its
// diagnostics come in the same order every time.
func (p *bestsmsProvider) readSettings(ctx context.Context, cfg providerModel, diags *diag.Diagnostics) settings {
	var sr provider.SchemaResponse
	p.Schema(ctx, provider.SchemaRequest{}, &sr)
	r := settingsReader{ctx: ctx, attrs: sr.Schema.Attributes, diags: diags}
	return settings{
		authToken:      r.string(cfg.AuthToken, "auth_token", framework.EnvAuthToken, ""),
		baseURL:        r.string(cfg.BaseURL, "base_url", framework.EnvBaseURL, client.DefaultBaseURL),
		apiVersion:     r.string(cfg.APIVersion, "api_version", framework.EnvAPIVersion, client.DefaultAPIVersion),
		defaultCountry: strings.ToUpper(r.string(cfg.DefaultCountry, "default_country", framework.EnvDefaultCountry, defaultCountry)),
		maxRetries:     r.int(cfg.MaxRetries, "max_retries", framework.EnvMaxRetries, client.DefaultMaxRetries),
		subAccount:     r.string(cfg.SubAccount, "sub_account", framework.EnvSubAccount, ""),
		department:     r.string(cfg.Department, "department", framework.EnvDepartment, ""),
		bulkRead:       r.bool(cfg.BulkRead, "bulk_read", framework.EnvBulkRead, true),
		maxRequests:    r.float(cfg.MaxRequests, "max_requests_per_second", framework.EnvMaxRequests, defaultMaxRequestsPerSecond),
		requestTimeout: r.duration(cfg.RequestTimeout, "request_timeout", framework.EnvRequestTimeout, client.DefaultRequestTimeout, parseRequestTimeout),
		gateway:        readGatewaySettings(ctx, cfg.Gateway, diags),
	}
}

// restClient builds the REST API client from the settings and checks the
// base URL with it (checkBaseURL). Without an auth token there is no REST
// client: the REST kinds say so when they are used (framework.ConfiguredData).
func (p *bestsmsProvider) restClient(ctx context.Context, s settings, terraformVersion string, diags *diag.Diagnostics) *client.Client {
	if s.authToken == "" {
		return nil
	}
	c, err := client.New(client.Config{
		BaseURL:           s.baseURL,
		APIVersion:        s.apiVersion,
		AuthToken:         s.authToken,
		UserAgent:         userAgent(p.version, terraformVersion),
		MaxRetries:        int(s.maxRetries),
		BulkRead:          s.bulkRead,
		RequestsPerSecond: s.maxRequests,
		RequestTimeout:    s.requestTimeout,
		Logger:            newTflogAdapter(s.authToken),
	})
	var cfgErr *client.ConfigError
	switch {
	case errors.As(err, &cfgErr) && cfgErr.Field == "BaseURL":
		diags.AddAttributeError(path.Root("base_url"), "Invalid BestSMS Base URL",
			fmt.Sprintf("The %s. Use the API root without the version, for example %s.", cfgErr.Problem, client.DefaultBaseURL))
		return nil
	case err != nil:
		diags.AddError("Unable to Create BestSMS API Client", err.Error())
		return nil
	}
	if checkBaseURL(ctx, c, s.baseURL, diags); diags.HasError() {
		return nil
	}
	tflog.Debug(ctx, "configured BestSMS API client", map[string]any{
		"base_url": redact.URL(s.baseURL), "api_version": s.apiVersion, "default_country": s.defaultCountry,
		"max_retries": s.maxRetries, "bulk_read": s.bulkRead, "max_requests_per_second": s.maxRequests,
		"request_timeout": s.requestTimeout.String(),
	})
	return c
}

// settingsReader resolves arguments, one helper per type: the provider
// block's value when set, else the environment variable's, else the
// default. A value from the block or the environment is checked by the
// argument's schema validators (Terraform has run them on the block
// already; the environment's value they see only here), so each argument
// has one set of rules wherever its value comes from.
type settingsReader struct {
	ctx   context.Context
	attrs map[string]schema.Attribute
	diags *diag.Diagnostics
}

func (r *settingsReader) string(v types.String, name, env, def string) string {
	s, ok := resolve(r, v, v.ValueString(), name, env, func(s string) (string, error) { return s, nil }, "")
	if !ok {
		return def
	}
	r.check(name, env, types.StringValue(s), s)
	return s
}

func (r *settingsReader) int(v types.Int64, name, env string, def int64) int64 {
	n, ok := resolve(r, v, v.ValueInt64(), name, env, func(s string) (int64, error) {
		return strconv.ParseInt(s, 10, 64)
	}, "a whole number")
	if !ok {
		return def
	}
	r.check(name, env, types.Int64Value(n), strconv.FormatInt(n, 10))
	return n
}

func (r *settingsReader) float(v types.Float64, name, env string, def float64) float64 {
	f, ok := resolve(r, v, v.ValueFloat64(), name, env, func(s string) (float64, error) {
		return strconv.ParseFloat(s, 64)
	}, "a number")
	if !ok {
		return def
	}
	r.check(name, env, types.Float64Value(f), strconv.FormatFloat(f, 'g', -1, 64))
	return f
}

func (r *settingsReader) bool(v types.Bool, name, env string, def bool) bool {
	b, ok := resolve(r, v, v.ValueBool(), name, env, strconv.ParseBool, "a boolean (true or false)")
	if !ok {
		return def
	}
	return b
}

// duration reads a duration written as a string; parse is the argument's
// own reading, after its validators accepted the text.
func (r *settingsReader) duration(v types.String, name, env string, def time.Duration, parse func(string) (time.Duration, error)) time.Duration {
	s := r.string(v, name, env, "")
	if s == "" {
		return def
	}
	d, err := parse(s)
	if err != nil {
		return def // reported by the argument's validator
	}
	return d
}

// resolve returns the value of one argument: configured when the provider
// block sets it, else the environment variable parsed. ok is false when
// neither sets it, and when the value is unknown or cannot be parsed,
// which are reported.
func resolve[T any](r *settingsReader, v attr.Value, configured T, name, env string, parse func(string) (T, error), want string) (T, bool) {
	var zero T
	switch {
	case v.IsUnknown():
		r.diags.AddAttributeError(path.Root(name), "Unknown BestSMS Provider Configuration",
			fmt.Sprintf("The provider cannot create the BestSMS API client because %q is not known until apply. "+
				"Set it to a value known at plan time (a literal, variable or environment variable).", name))
		return zero, false
	case !v.IsNull():
		return configured, true
	}
	raw := os.Getenv(env)
	if raw == "" {
		return zero, false
	}
	t, err := parse(raw)
	if err != nil {
		r.diags.AddAttributeError(path.Root(name), "Invalid "+framework.TitleWords(name),
			fmt.Sprintf("%q (from the provider block or %s) is not %s.", raw, env, want))
		return zero, false
	}
	return t, true
}

// check runs the argument's schema validators on its value, reporting
// their errors with where the value came from.
func (r *settingsReader) check(name, env string, v attr.Value, text string) {
	for _, d := range framework.ValidateValue(r.ctx, r.attrs[name], path.Root(name), v).Errors() {
		r.diags.AddAttributeError(path.Root(name), d.Summary(),
			fmt.Sprintf("%q (from the provider block or %s): %s", text, env, d.Detail()))
	}
}

// userAgent follows contributing/architecture.md §4.
func userAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-bestsms/%s (+https://registry.terraform.io/providers/bestsms/bestsms) Terraform/%s",
		providerVersion, terraformVersion)
}

// parseRequestTimeout reads request_timeout: a Go duration from 1s to 10m.
func parseRequestTimeout(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Second || d > 10*time.Minute {
		return 0, errors.New("is not a duration from 1s to 10m, such as 20s or 2m")
	}
	return d, nil
}

// regionValidator checks default_country against libphonenumber's regions.
var regionValidator = framework.ValueCheck("Invalid Default Country",
	"must be an ISO 3166-1 alpha-2 region code such as AU, NZ or GB", phone.ValidRegion)

// requestTimeoutValidator checks request_timeout (parseRequestTimeout).
var requestTimeoutValidator = framework.ValueCheck("Invalid Request Timeout",
	"must be a Go duration from 1s to 10m, such as 20s or 2m",
	func(s string) bool { _, err := parseRequestTimeout(s); return err == nil })
