package framework

// The provider's environment variables: each is read when the matching
// argument of the provider block is not set (internal/provider reads them),
// and the diagnostics of every area name them when a setting is missing or
// wrong.

// Environment variables of the provider's arguments.
const (
	EnvAuthToken      = "BESTSMS_AUTH_TOKEN"
	EnvBaseURL        = "BESTSMS_BASE_URL"
	EnvAPIVersion     = "BESTSMS_API_VERSION"
	EnvDefaultCountry = "BESTSMS_DEFAULT_COUNTRY"
	EnvMaxRetries     = "BESTSMS_MAX_RETRIES"
	EnvSubAccount     = "BESTSMS_SUB_ACCOUNT"
	EnvDepartment     = "BESTSMS_DEPARTMENT"
	EnvBulkRead       = "BESTSMS_BULK_READ"
	EnvMaxRequests    = "BESTSMS_MAX_REQUESTS_PER_SECOND"
	EnvRequestTimeout = "BESTSMS_REQUEST_TIMEOUT"
)

// Environment variables of the gateway block.
const (
	EnvGatewayURL        = "BESTSMS_GATEWAY_URL"
	EnvGatewaySubAccount = "BESTSMS_GATEWAY_SUB_ACCOUNT"
	EnvGatewayPassword   = "BESTSMS_GATEWAY_PASSWORD"
)
