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

# The legacy Best SMS Gateway (api_v1), for the bestsms_gateway_* kinds only.
# A configuration that uses only those needs no auth_token. Credentials may
# also come from BESTSMS_GATEWAY_SUB_ACCOUNT and BESTSMS_GATEWAY_PASSWORD
# (and BESTSMS_GATEWAY_URL), with an empty gateway {} block or none.
provider "bestsms" {
  alias           = "gateway"
  default_country = "NG"
  gateway {
    sub_account = "001_mysub1"
    password    = var.gateway_password
  }
}

variable "gateway_password" {
  type      = string
  sensitive = true
}
