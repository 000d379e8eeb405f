package provider

// The provider's environment variables: each is read when the matching
// argument of the provider block is not set (internal/provider reads them),
// and the diagnostics of every area name them when a setting is missing or
// wrong.

// Environment variables of the provider's arguments.
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

// Environment variables of the gateway block.
const (
	envGatewayURL        = "BESTSMS_GATEWAY_URL"
	envGatewaySubAccount = "BESTSMS_GATEWAY_SUB_ACCOUNT"
	envGatewayPassword   = "BESTSMS_GATEWAY_PASSWORD"
)
