package framework

import (
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
)

// ProviderData is what Configure hands to every resource, data source,
// action and function: the one configured client and the settings that
// shape values rather than requests.
type ProviderData struct {
	Client *client.Client
	// APIVersion is the REST API version the client speaks (api_version):
	// what a kind may use is checked against it at plan time (Supports,
	// CheckSupported in versions.go).
	APIVersion string
	// DefaultCountry is the ISO 3166 region used to read national phone numbers.
	DefaultCountry string
	// SubAccount and department apply to sends and new groups that do not
	// set their own.
	SubAccount string
	Department string
	// PollInterval is how often waiting actions poll a message's status.
	PollInterval time.Duration
	// StatusGrace is how long after a submission "not found" means "not
	// visible yet" to waiting actions.
	StatusGrace time.Duration
	// Gateway is the Best SMS Gateway client, nil when the provider has no
	// gateway credentials; gatewayMissing then says which are missing, for
	// the gateway kinds to report.
	Gateway        *gatewayapi.Client
	GatewayMissing string
	// areas holds what the areas keep for this configuration (AreaValue).
	areas sync.Map
}

// AreaValue returns the value of type T that an area keeps under key for
// this provider configuration, that is for one Terraform command, made
// (zero) on first use: a cache the kinds of one area share, such as the
// address book's listing of groups. key is a type of the area's own, so
// that no two areas share a value.
func AreaValue[T any](d *ProviderData, key any) *T {
	v, _ := d.areas.LoadOrStore(key, new(T))
	t, _ := v.(*T)
	return t
}

// ConfiguredData extracts the provider's data in a Configure method of a
// kind that uses the REST API: nil, with an error naming auth_token, when
// the provider has no auth token (a configuration of gateway kinds alone
// needs none). It returns nil, without a diagnostic, before the provider is
// configured (validation can happen then). The gateway kinds use
// GatewayData instead.
func ConfiguredData(data any, diags *diag.Diagnostics) *ProviderData {
	pd := providerDataOf(data, diags)
	if pd == nil || pd.Client != nil {
		return pd
	}
	diags.AddError("Missing BestSMS Auth Token",
		"This uses the BestSMS REST API, which needs an API auth token: set auth_token in the provider block or the "+
			EnvAuthToken+" environment variable. Export the token from the BestSMS dashboard (API settings); when "+
			"developing against the local mock, use the token the mock printed at start-up (dev-token by default). "+
			"Only the bestsms_gateway_* kinds work without it, with the provider's gateway block.")
	return nil
}

// providerDataOf extracts the provider's data in a Configure method of any
// kind; nil before the provider is configured.
func providerDataOf(data any, diags *diag.Diagnostics) *ProviderData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*ProviderData)
	if !ok {
		diags.AddError("Unexpected Provider Data Type",
			fmt.Sprintf("Expected *framework.ProviderData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
}

// GatewayData is ConfiguredData for the gateway kinds: the provider's data,
// or nil with an error naming the gateway block and its environment
// variables when the provider has no gateway credentials. kind is the
// type name, for the message. It returns nil without a diagnostic before
// the provider is configured (validation can happen then).
func GatewayData(data any, kind string, diags *diag.Diagnostics) *ProviderData {
	pd := providerDataOf(data, diags)
	if pd == nil || pd.Gateway != nil {
		return pd
	}
	diags.AddError("Missing Best SMS Gateway Credentials", fmt.Sprintf(
		"%s uses the legacy Best SMS Gateway (api_v1), and the provider has no gateway credentials. %s\n\n"+
			"Add a gateway block to the provider:\n\n"+
			"  provider \"bestsms\" {\n    gateway {\n      sub_account = \"001_mysub1\"\n      password    = var.gateway_password\n    }\n  }\n\n"+
			"or set %s and %s (and %s for another endpoint than %s). The REST auth_token does not give access to the gateway.",
		kind, pd.GatewayMissing, EnvGatewaySubAccount, EnvGatewayPassword, EnvGatewayURL, gatewayapi.DefaultURL))
	return nil
}
