# Adopting an address book that already exists (made in the BestSMS
# dashboard, or by another tool) with terraform query (Terraform 1.14 or
# later). See the guide "Adopting an existing address book".
#
#   export BESTSMS_AUTH_TOKEN=...            # or run the mock: make mock
#   export BESTSMS_BASE_URL=http://127.0.0.1:8089/api
#   terraform init
#   terraform query                          # review what was found
#   terraform query -generate-config-out=generated.tf
#   terraform plan                           # N to import, 0 to add/change/destroy
#   terraform apply

terraform {
  required_version = ">= 1.14"
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = "~> 0.1"
    }
  }
}

# auth_token and base_url come from BESTSMS_AUTH_TOKEN and BESTSMS_BASE_URL.
provider "bestsms" {
  default_country = "AU"
}
