# Configuration from the environment: BESTSMS_AUTH_TOKEN (and optionally
# BESTSMS_BASE_URL, BESTSMS_API_VERSION, BESTSMS_DEFAULT_COUNTRY).
provider "bestsms" {}

# Or explicitly, for example against the local mock:
provider "bestsms" {
  alias           = "mock"
  base_url        = "http://127.0.0.1:8089/api"
  auth_token      = var.bestsms_token
  api_version     = "v2.04"
  default_country = "AU"
  request_timeout = "20s"
}

variable "bestsms_token" {
  type      = string
  sensitive = true
}
