// Package provider assembles the BestSMS Terraform provider: its schema and
// Configure (configure.go and gateway_block.go: the settings from the
// provider block or the environment, the REST and gateway clients, and the
// framework.ProviderData handed to every kind), the registrations of the
// kinds of every area (provider.go), the server that serves them
// (context_detaching_server.go: NewProtocol6Server, which also puts the
// contact-list server in front of the framework's), the base URL check
// (base_url.go) and the clients' logging (logging.go). It implements no
// resource, data source, action or function: those live in their areas,
// internal/area/....
//
// It is the only package whose production code imports the areas. It must
// not import internal/acctest, and builds no HTTP request (the clients do).
package provider

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/bestsms/terraform-provider-bestsms/internal/area/addressbook"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/contactlist"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/functions"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/messaging"
	"github.com/bestsms/terraform-provider-bestsms/internal/area/optouts"
	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
)

var (
	_ provider.Provider                       = (*bestsmsProvider)(nil)
	_ provider.ProviderWithFunctions          = (*bestsmsProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*bestsmsProvider)(nil)
	_ provider.ProviderWithActions            = (*bestsmsProvider)(nil)
	_ provider.ProviderWithListResources      = (*bestsmsProvider)(nil)
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
	// statusGrace overrides framework.DefaultStatusGrace (tests).
	statusGrace time.Duration
	// configured is what Configure handed to every kind, for the kinds
	// served outside the framework (contactListServer).
	configured atomic.Pointer[framework.ProviderData]
}

// Timings are the provider's waiting periods that tests shorten; a zero
// field keeps the default.
type Timings struct {
	// PollInterval overrides defaultPollInterval.
	PollInterval time.Duration
	// StatusGrace overrides the default status grace
	// (framework.DefaultStatusGrace).
	StatusGrace time.Duration
}

// NewWithTimings is New with shorter waiting periods (tests).
func NewWithTimings(version string, t Timings) func() provider.Provider {
	return func() provider.Provider {
		return &bestsmsProvider{version: version, pollInterval: t.PollInterval, statusGrace: t.StatusGrace}
	}
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
	Gateway        types.Object  `tfsdk:"gateway"`
}

func (p *bestsmsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "bestsms"
	resp.Version = p.version
}

func (p *bestsmsProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The BestSMS provider manages the BestSMS address book (contacts, groups and " +
			"group memberships), sends SMS (actions) and reads delivery reports and received SMS (data sources) " +
			"and manages the opt-out register through the BestSMS REST API (v2.03, v2.04 or v3.00), which needs `auth_token`. The `bestsms_gateway_*` kinds " +
			"do the same through the legacy Best SMS Gateway (`api_v1`), which needs the `gateway` block instead; a " +
			"configuration may use either or both.",
		Attributes: map[string]schema.Attribute{
			"auth_token": schema.StringAttribute{
				MarkdownDescription: "API auth token, exported from the BestSMS dashboard and sent as `Authorization: Basic <token>` " +
					"(`Bearer <token>` with `api_version = \"v3.00\"`). " +
					"Required by every kind but the `bestsms_gateway_*` ones, which report its absence when used. " +
					"May also be set with the `" + framework.EnvAuthToken + "` environment variable.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "API root, ending in `/api`, without the version, for example `" + client.DefaultBaseURL +
					"` (the default) or `http://127.0.0.1:8089/api` for the local mock. A base URL that does not end in " +
					"`/api` is checked with one request when the provider is configured; one ending in a version is a " +
					"warning, and so is plain `http://` to another machine (the token would travel unencrypted). " +
					"May also be set with `" + framework.EnvBaseURL + "`.",
				Optional: true,
			},
			"api_version": schema.StringAttribute{
				MarkdownDescription: "REST API version: `v2.04` (the default), `v2.03` (groups addressed by code) or `v3.00` " +
					"(the vendor's current API: opt-outs, more contact fields, group codes assigned by the API). What one " +
					"version cannot carry is an error at plan time naming the attribute and `api_version`; the guide " +
					"\"API versions\" lists the differences and how to move. May also be set with `" + framework.EnvAPIVersion + "`.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(client.SupportedVersions()...)},
			},
			"default_country": schema.StringAttribute{
				MarkdownDescription: "ISO 3166-1 alpha-2 region used to read phone numbers written in national format " +
					"(`0421 000 001`), default `" + defaultCountry + "`. May also be set with `" + framework.EnvDefaultCountry + "`.",
				Optional:   true,
				Validators: []validator.String{regionValidator},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times a failed request is retried (0 disables retries; default %d). "+
					"Reads, updates and deletes are retried on connection errors, HTTP 429 and 5xx. Sends are retried only on "+
					"HTTP 429 and on connection failures that prove the request never reached the API; a create whose outcome "+
					"is unknown is first looked for and sent again only if it was not made. Best SMS Gateway requests follow the same "+
					"rules (a gateway send is never repeated after an unknown outcome). May also be set with `%s`.",
					client.DefaultMaxRetries, framework.EnvMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, 10)},
			},
			"sub_account": schema.StringAttribute{
				MarkdownDescription: "Default sub-account for messages and new groups that do not set their own, for " +
					"reporting and billing. May also be set with `" + framework.EnvSubAccount + "`.",
				Optional: true,
			},
			"department": schema.StringAttribute{
				MarkdownDescription: "Default department for messages and new groups that do not set their own. " +
					"May also be set with `" + framework.EnvDepartment + "`.",
				Optional: true,
			},
			"bulk_read": schema.BoolAttribute{
				MarkdownDescription: "Refresh contacts, groups and memberships from whole-collection listings (a few pages) " +
					"instead of one request per object; default `true`. Objects missing from a listing are still asked for " +
					"one by one, so only the API decides that something is gone. May also be set with `" + framework.EnvBulkRead + "`.",
				Optional: true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: fmt.Sprintf("Client-side limit on API requests per second across all concurrent "+
					"operations, retries included (REST API only); default %d, `0` for no limit. HTTP 429 answers are retried after their "+
					"`Retry-After`. May also be set with `%s`.", defaultMaxRequestsPerSecond, framework.EnvMaxRequests),
				Optional:   true,
				Validators: []validator.Float64{float64validator.Between(0, 1000)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one HTTP request to the API may take — connecting, sending and "+
					"reading the whole answer — as a Go duration from `1s` to `10m`; default `%s`. A request is retried only "+
					"while the retry starts within `request_timeout` of its first attempt, so any one request, retries "+
					"included, gives up within twice `request_timeout`. A create or send that was already sent when "+
					"Terraform is interrupted is given up to `request_timeout` to finish, so its result reaches the state. "+
					"It bounds every Best SMS Gateway request too. May also be set with `%s`.", client.DefaultRequestTimeout, framework.EnvRequestTimeout),
				Optional:   true,
				Validators: []validator.String{requestTimeoutValidator},
			},
		},
		Blocks: map[string]schema.Block{"gateway": gatewayBlockSchema()},
	}
}

func (p *bestsmsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		addressbook.NewContactResource,
		addressbook.NewGroupResource,
		addressbook.NewGroupMembershipResource,
		addressbook.NewGroupMembersResource,
		contactlist.NewContactListResource,
		optouts.NewOptOutResource,
		gateway.NewGatewayContactResource,
		gateway.NewGatewayGroupContactsResource,
	}
}

func (p *bestsmsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		messaging.NewMessageStatusDataSource,
		messaging.NewReceivedSMSDataSource,
		messaging.NewSMSRepliesDataSource,
		addressbook.NewContactDataSource,
		addressbook.NewContactsDataSource,
		addressbook.NewGroupDataSource,
		addressbook.NewGroupsDataSource,
		optouts.NewOptOutsDataSource,
		gateway.NewGatewayAccountDataSource,
		gateway.NewGatewayContactsDataSource,
		gateway.NewGatewayContactGroupsDataSource,
		gateway.NewGatewayMessagesDataSource,
	}
}

func (p *bestsmsProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		messaging.NewReceivedSMSEphemeralResource,
	}
}

func (p *bestsmsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		messaging.NewMessageAction,
		messaging.NewMessageResubmitAction,
		messaging.NewMessageRescheduleAction,
		messaging.NewMessageAbortAction,
		gateway.NewGatewaySMSAction,
		gateway.NewGatewaySMSStopAction,
	}
}

func (p *bestsmsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		addressbook.NewContactsLister,
		addressbook.NewGroupsLister,
		addressbook.NewGroupMembershipsLister,
		optouts.NewOptOutsLister,
	}
}

func (p *bestsmsProvider) Functions(context.Context) []func() function.Function {
	return []func() function.Function{
		functions.NewNormalizePhoneFunction,
		functions.NewSMSSegmentsFunction,
		functions.NewGroupCodeFunction,
	}
}
