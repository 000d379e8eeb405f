// Package provider is the Terraform face of BestSMS: the provider, its
// resources, data sources, actions and functions.
package provider

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/phone"
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

var (
	_ provider.Provider              = (*bestsmsProvider)(nil)
	_ provider.ProviderWithFunctions = (*bestsmsProvider)(nil)
	_ provider.ProviderWithActions   = (*bestsmsProvider)(nil)
)

// New returns a constructor of the provider for providerserver.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &bestsmsProvider{version: version}
	}
}

type bestsmsProvider struct {
	version string
	// pollInterval overrides defaultPollInterval (tests).
	pollInterval time.Duration
	// statusGrace overrides defaultStatusGrace (tests).
	statusGrace time.Duration
}

// defaultPollInterval is how often waiting actions poll a message's status
// (the API asks for at most one poll per second).
const defaultPollInterval = 2 * time.Second

type providerModel struct {
	AuthToken      types.String  `tfsdk:"auth_token"`
	BaseURL        types.String  `tfsdk:"base_url"`
	APIVersion     types.String  `tfsdk:"api_version"`
	DefaultCountry types.String  `tfsdk:"default_country"`
	MaxRetries     types.Int64   `tfsdk:"max_retries"`
	SubAccount     types.String  `tfsdk:"sub_account"`
	Department     types.String  `tfsdk:"department"`
	BulkRead       types.Bool    `tfsdk:"bulk_read"`
	MaxRequests    types.Float64 `tfsdk:"max_requests_per_second"`
	RequestTimeout types.String  `tfsdk:"request_timeout"`
}

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
}

func (p *bestsmsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bestsms"
	resp.Version = p.version
}

func (p *bestsmsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The BestSMS provider manages the BestSMS address book (contacts, groups and " +
			"group memberships), sends SMS (actions) and reads delivery reports and received SMS (data sources) " +
			"through the BestSMS REST API (v2.03 or v2.04).",
		Attributes: map[string]schema.Attribute{
			"auth_token": schema.StringAttribute{
				MarkdownDescription: "API auth token, exported from the BestSMS dashboard and sent as `Authorization: Basic <token>`. " +
					"May also be set with the `" + envAuthToken + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "API root, ending in `/api`, without the version, for example `" + client.DefaultBaseURL +
					"` (the default) or `http://127.0.0.1:8089/api` for the local mock. A base URL that does not end in " +
					"`/api` is checked with one request when the provider is configured; one ending in a version is a " +
					"warning. May also be set with `" + envBaseURL + "`.",
				Optional: true,
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "REST API version: `v2.04` (the default) or `v2.03`. May also be set with `" + envAPIVersion + "`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(client.APIVersion203, client.APIVersion204)},
			},
			"default_country": schema.StringAttribute{
				MarkdownDescription: "ISO 3166-1 alpha-2 region used to read phone numbers written in national format " +
					"(`0421 000 001`), default `" + defaultCountry + "`. May also be set with `" + envDefaultCountry + "`.",
				Optional:   true,
				Validators: []validator.String{regionValidator{}},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried (0 disables retries; default %d). "+
					"Reads, updates and deletes are retried on connection errors, HTTP 429 and 5xx. Sends are retried only on "+
					"HTTP 429 and on connection failures that prove the request never reached the API; a create whose outcome "+
					"is unknown is first looked for and sent again only if it was not made. May also be set with `%s`.",
					client.DefaultMaxRetries, envMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
			"sub_account": schema.StringAttribute{
				MarkdownDescription: "Default sub-account for messages and new groups that do not set their own, for " +
					"reporting and billing. May also be set with `" + envSubAccount + "`.",
				Optional: true,
			},
			"department": schema.StringAttribute{
				MarkdownDescription: "Default department for messages and new groups that do not set their own. " +
					"May also be set with `" + envDepartment + "`.",
				Optional: true,
			},
			"bulk_read": schema.BoolAttribute{
				MarkdownDescription: "Refresh contacts, groups and memberships from whole-collection listings (a few pages) " +
					"instead of one request per object; default `true`. Objects missing from a listing are still asked for " +
					"one by one, so only the API decides that something is gone. May also be set with `" + envBulkRead + "`.",
				Optional: true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("Client-side limit on API requests per second across all concurrent "+
					"operations, retries included; default %d, `0` for no limit. HTTP 429 answers are retried after their "+
					"`Retry-After`. May also be set with `%s`.", defaultMaxRequestsPerSecond, envMaxRequests),
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0, 1000)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP request to the API may take — connecting, sending and "+
					"reading the whole answer — as a Go duration from `1s` to `10m`; default `%s`. A request is retried only "+
					"while the retry starts within `request_timeout` of its first attempt, so any one request, retries "+
					"included, gives up within twice `request_timeout`. A create or send that was already sent when "+
					"Terraform is interrupted is given up to `request_timeout` to finish, so its result reaches the state. "+
					"May also be set with `%s`.", client.DefaultRequestTimeout, envRequestTimeout),
				Optional:   true,
				Validators: []validator.String{requestTimeoutValidator{}},
			},
		},
	}
}

func (p *bestsmsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	unknown := map[string]bool{
		"auth_token": cfg.AuthToken.IsUnknown(), "base_url": cfg.BaseURL.IsUnknown(),
		"api_version": cfg.APIVersion.IsUnknown(), "default_country": cfg.DefaultCountry.IsUnknown(),
		"max_retries": cfg.MaxRetries.IsUnknown(), "sub_account": cfg.SubAccount.IsUnknown(),
		"department": cfg.Department.IsUnknown(), "bulk_read": cfg.BulkRead.IsUnknown(),
		"max_requests_per_second": cfg.MaxRequests.IsUnknown(), "request_timeout": cfg.RequestTimeout.IsUnknown(),
	}
	for name, isUnknown := range unknown {
		if isUnknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown BestSMS Provider Configuration",
				fmt.Sprintf("The provider cannot create the BestSMS API client because %q is not known until apply. "+
					"Set it to a value known at plan time (a literal, variable or environment variable).", name))
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}

	token := stringSetting(cfg.AuthToken, envAuthToken, "")
	baseURL := stringSetting(cfg.BaseURL, envBaseURL, client.DefaultBaseURL)
	apiVersion := stringSetting(cfg.APIVersion, envAPIVersion, client.DefaultAPIVersion)
	region := strings.ToUpper(stringSetting(cfg.DefaultCountry, envDefaultCountry, defaultCountry))

	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("auth_token"), "Missing BestSMS Auth Token",
			"The provider needs an API auth token. Set auth_token in the provider block or the "+envAuthToken+
				" environment variable. Export the token from the BestSMS dashboard (API settings); when developing "+
				"against the local mock, use the token the mock printed at start-up (dev-token by default).")
	}
	if u, err := url.Parse(baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid BestSMS Base URL",
			fmt.Sprintf("%q is not an absolute http(s) URL. Use the API root without the version, for example %s.", baseURL, client.DefaultBaseURL))
	}
	if apiVersion != client.APIVersion203 && apiVersion != client.APIVersion204 {
		resp.Diagnostics.AddAttributeError(path.Root("api_version"), "Invalid BestSMS API Version",
			fmt.Sprintf("%q (from %s) is not supported: use %s or %s.", apiVersion, envAPIVersion, client.APIVersion203, client.APIVersion204))
	}
	if !phone.ValidRegion(region) {
		resp.Diagnostics.AddAttributeError(path.Root("default_country"), "Invalid Default Country",
			fmt.Sprintf("%q (from %s) is not an ISO 3166-1 alpha-2 region code such as AU, NZ or GB.", region, envDefaultCountry))
	}
	maxRetries := int64(client.DefaultMaxRetries)
	if !cfg.MaxRetries.IsNull() {
		maxRetries = cfg.MaxRetries.ValueInt64()
	} else if v := os.Getenv(envMaxRetries); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > 10 {
			resp.Diagnostics.AddAttributeError(path.Root("max_retries"), "Invalid Max Retries",
				fmt.Sprintf("%s=%q is not a whole number between 0 and 10.", envMaxRetries, v))
		}
		maxRetries = n
	}
	bulkRead := true
	if !cfg.BulkRead.IsNull() {
		bulkRead = cfg.BulkRead.ValueBool()
	} else if v := os.Getenv(envBulkRead); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("bulk_read"), "Invalid Bulk Read Setting",
				fmt.Sprintf("%s=%q is not a boolean (true or false).", envBulkRead, v))
		}
		bulkRead = b
	}
	maxRequests := float64(defaultMaxRequestsPerSecond)
	if !cfg.MaxRequests.IsNull() {
		maxRequests = cfg.MaxRequests.ValueFloat64()
	} else if v := os.Getenv(envMaxRequests); v != "" {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 1000 {
			resp.Diagnostics.AddAttributeError(path.Root("max_requests_per_second"), "Invalid Request Rate",
				fmt.Sprintf("%s=%q is not a number between 0 and 1000.", envMaxRequests, v))
		}
		maxRequests = f
	}
	requestTimeout := client.DefaultRequestTimeout
	if v := stringSetting(cfg.RequestTimeout, envRequestTimeout, ""); v != "" {
		d, err := parseRequestTimeout(v)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("request_timeout"), "Invalid Request Timeout",
				fmt.Sprintf("%q (from the provider block or %s) %s.", v, envRequestTimeout, err))
		}
		requestTimeout = d
	}
	if resp.Diagnostics.HasError() {
		return
	}

	c, err := client.New(client.Config{
		BaseURL:           baseURL,
		APIVersion:        apiVersion,
		AuthToken:         token,
		UserAgent:         userAgent(p.version, req.TerraformVersion),
		MaxRetries:        int(maxRetries),
		BulkRead:          bulkRead,
		RequestsPerSecond: maxRequests,
		RequestTimeout:    requestTimeout,
		Logger:            newTflogAdapter(token),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to Create BestSMS API Client", err.Error())
		return
	}
	if checkBaseURL(ctx, c, baseURL, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	tflog.Debug(ctx, "configured BestSMS API client", map[string]any{
		"base_url": baseURL, "api_version": apiVersion, "default_country": region, "max_retries": maxRetries,
		"bulk_read": bulkRead, "max_requests_per_second": maxRequests, "request_timeout": requestTimeout.String(),
	})

	data := &providerData{
		client:         c,
		defaultCountry: region,
		subAccount:     stringSetting(cfg.SubAccount, envSubAccount, ""),
		department:     stringSetting(cfg.Department, envDepartment, ""),
		pollInterval:   defaultPollInterval,
		statusGrace:    defaultStatusGrace,
	}
	if p.pollInterval > 0 {
		data.pollInterval = p.pollInterval
	}
	if p.statusGrace > 0 {
		data.statusGrace = p.statusGrace
	}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
}

func (p *bestsmsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewContactResource,
		NewGroupResource,
		NewGroupMembershipResource,
		NewGroupMembersResource,
	}
}

func (p *bestsmsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewMessageStatusDataSource,
		NewReceivedSMSDataSource,
		NewSMSRepliesDataSource,
		NewContactDataSource,
		NewContactsDataSource,
		NewGroupDataSource,
		NewGroupsDataSource,
	}
}

func (p *bestsmsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewMessageAction,
		NewMessageResubmitAction,
		NewMessageRescheduleAction,
		NewMessageAbortAction,
	}
}

func (p *bestsmsProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		NewNormalizePhoneFunction,
		NewSMSSegmentsFunction,
		NewGroupCodeFunction,
	}
}

// stringSetting returns the configured value, else the environment
// variable, else def.
func stringSetting(v types.String, env, def string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	if s := os.Getenv(env); s != "" {
		return s
	}
	return def
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

// requestTimeoutValidator checks request_timeout at plan time.
type requestTimeoutValidator struct{}

func (requestTimeoutValidator) Description(context.Context) string {
	return "must be a Go duration from 1s to 10m, such as 20s or 2m"
}

func (v requestTimeoutValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v requestTimeoutValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseRequestTimeout(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Request Timeout",
			fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), err))
	}
}

// regionValidator checks default_country against libphonenumber's regions.
type regionValidator struct{}

func (regionValidator) Description(context.Context) string {
	return "must be an ISO 3166-1 alpha-2 region code such as AU, NZ or GB"
}

func (v regionValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v regionValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if !phone.ValidRegion(req.ConfigValue.ValueString()) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Default Country",
			fmt.Sprintf("%q %s.", req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
