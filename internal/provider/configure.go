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
	"github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact"
)

// Environment variables read when the matching argument is not set.
const (
	envAuthToken      = "BESTSMS_AUTH_TOKEN"
	envBaseURL        = "BESTSMS_BASE_URL"
	envAPIVersion     = "BESTSMS_API_VERSION"
	envDefaultCountry = "BESTSMS_DEFAULT_COUNTRY"
	envMaxRetries     = "BESTSMS_MAX_RETRIES"
	envSubAccount     = "BESTSMS_SUB_ACCOUNT"
	envDepartment     = "BESTSMS_DEPARTMENT"
	envBulkRead       = "BESTSMS_BULK_READ"
	envMaxRequests    = "BESTSMS_MAX_REQUESTS_PER_SECOND"
	envRequestTimeout = "BESTSMS_REQUEST_TIMEOUT"
)

// defaultMaxRequestsPerSecond keeps a large apply within what the API
// tolerates without 429s.
const defaultMaxRequestsPerSecond = 10

const defaultCountry = "AU"

// providerData is what Configure hands to every resource, data source,
// action and function: the one configured client and the settings that
// shape values rather than requests.
type providerData struct {
	client *client.Client
	// defaultCountry is the ISO 3166 region used to read national phone numbers.
	defaultCountry string
	// subAccount and department apply to sends and new groups that do not
	// set their own.
	subAccount string
	department string
	// pollInterval is how often waiting actions poll a message's status.
	pollInterval time.Duration
	// statusGrace is how long after a submission "not found" means "not
	// visible yet" to waiting actions.
	statusGrace time.Duration
	// groups is the groups listing of the plan-time group code check.
	groups groupListing
	// gateway is the Best SMS Gateway client, nil when the provider has no
	// gateway credentials; gatewayMissing then says which are missing, for
	// the gateway kinds to report.
	gateway        *gateway.Client
	gatewayMissing string
}

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
//     gatewayClient: the Best SMS Gateway client (gateway_provider.go);
//  3. providerData.
//
// Either client is nil when its credentials are missing: a configuration
// may use the REST API, the gateway, both, or neither (functions only).
// The kinds report missing credentials from their Configure
// (configuredData, gatewayData), naming what they need.
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
	data := &providerData{
		client:         c,
		gateway:        gw,
		gatewayMissing: s.gateway.missing,
		defaultCountry: s.defaultCountry,
		subAccount:     s.subAccount,
		department:     s.department,
		pollInterval:   cmp.Or(p.pollInterval, defaultPollInterval),
		statusGrace:    cmp.Or(p.statusGrace, defaultStatusGrace),
	}
	resp.DataSourceData = data
	resp.ResourceData = data
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
		authToken:      r.string(cfg.AuthToken, "auth_token", envAuthToken, ""),
		baseURL:        r.string(cfg.BaseURL, "base_url", envBaseURL, client.DefaultBaseURL),
		apiVersion:     r.string(cfg.APIVersion, "api_version", envAPIVersion, client.DefaultAPIVersion),
		defaultCountry: strings.ToUpper(r.string(cfg.DefaultCountry, "default_country", envDefaultCountry, defaultCountry)),
		maxRetries:     r.int(cfg.MaxRetries, "max_retries", envMaxRetries, client.DefaultMaxRetries),
		subAccount:     r.string(cfg.SubAccount, "sub_account", envSubAccount, ""),
		department:     r.string(cfg.Department, "department", envDepartment, ""),
		bulkRead:       r.bool(cfg.BulkRead, "bulk_read", envBulkRead, true),
		maxRequests:    r.float(cfg.MaxRequests, "max_requests_per_second", envMaxRequests, defaultMaxRequestsPerSecond),
		requestTimeout: r.duration(cfg.RequestTimeout, "request_timeout", envRequestTimeout, client.DefaultRequestTimeout, parseRequestTimeout),
		gateway:        readGatewaySettings(ctx, cfg.Gateway, diags),
	}
}

// restClient builds the REST API client from the settings and checks the
// base URL with it (checkBaseURL). Without an auth token there is no REST
// client: the REST kinds say so when they are used (configuredData).
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
		r.diags.AddAttributeError(path.Root(name), "Invalid "+titleWords(name),
			fmt.Sprintf("%q (from the provider block or %s) is not %s.", raw, env, want))
		return zero, false
	}
	return t, true
}

// check runs the argument's schema validators on its value, reporting
// their errors with where the value came from.
func (r *settingsReader) check(name, env string, v attr.Value, text string) {
	for _, d := range validateValue(r.ctx, r.attrs[name], path.Root(name), v).Errors() {
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
