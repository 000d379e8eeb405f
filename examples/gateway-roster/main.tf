# A small roster on the legacy Best SMS Gateway (api_v1), from a YAML file:
# one gateway contact per person in the staff group, and the complete phone
# list of the on-call group. Only gateway kinds: no REST auth_token needed.
#
#   make mock     # serves /api_v1 too: sub-account 001_mysub1, password pa55w0Rd
#   export BESTSMS_GATEWAY_URL=http://127.0.0.1:8089/api_v1
#   export BESTSMS_GATEWAY_SUB_ACCOUNT=001_mysub1 BESTSMS_GATEWAY_PASSWORD=pa55w0Rd
#   terraform init && terraform apply

terraform {
  required_version = ">= 1.5"
  required_providers {
    bestsms = {
      source  = "bestsms/bestsms"
      version = "~> 0.1"
    }
  }
}

# The gateway credentials come from BESTSMS_GATEWAY_URL,
# BESTSMS_GATEWAY_SUB_ACCOUNT and BESTSMS_GATEWAY_PASSWORD. National numbers
# in roster.yaml are Nigerian; the provider sends every number in
# international form.
provider "bestsms" {
  default_country = "NG"
  gateway {}
}

locals {
  roster = yamldecode(file("${path.module}/roster.yaml"))
  people = { for p in local.roster.people : p.id => p }
}

resource "bestsms_gateway_contact" "person" {
  for_each = local.people

  phone      = each.value.phone
  first_name = each.value.first_name
  last_name  = each.value.last_name
  group_name = local.roster.staff_group
}

# Authoritative: numbers added to the on-call group elsewhere are removed.
resource "bestsms_gateway_group_contacts" "on_call" {
  group_name = local.roster.on_call_group
  phones     = [for id in local.roster.on_call : local.people[id].phone]
}

data "bestsms_gateway_contact_groups" "all" {
  depends_on = [bestsms_gateway_contact.person, bestsms_gateway_group_contacts.on_call]
}

data "bestsms_gateway_account" "this" {}
