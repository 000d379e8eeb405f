# An on-call roster managed from a YAML file: one contact per person, one
# group per team, and one membership per (team, person).
#
#   export BESTSMS_AUTH_TOKEN=...            # or run the mock: make mock
#   export BESTSMS_BASE_URL=http://127.0.0.1:8089/api
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

# auth_token and base_url come from BESTSMS_AUTH_TOKEN and BESTSMS_BASE_URL.
provider "bestsms" {
  default_country = "AU"
}

locals {
  roster = yamldecode(file("${path.module}/roster.yaml"))
  people = { for p in local.roster.people : p.id => p }

  # One entry per (team, person), keyed "team/person".
  memberships = merge([
    for p in local.roster.people : {
      for t in p.teams : "${t}/${p.id}" => { team = t, person = p.id }
    }
  ]...)
}

resource "bestsms_contact" "person" {
  for_each = local.people

  attention     = each.value.name
  first_name    = split(" ", each.value.name)[0]
  last_name     = join(" ", slice(split(" ", each.value.name), 1, length(split(" ", each.value.name))))
  mobile_phone  = each.value.mobile
  email_address = each.value.email
  position      = each.value.role
  custom1       = "managed-by-terraform"
}

resource "bestsms_group" "team" {
  for_each = local.roster.teams

  name = each.value.name
  code = try(each.value.code, null) # omitted: the API derives it from the name (v3.00 always does)
}

resource "bestsms_group_membership" "member" {
  for_each = local.memberships

  group_id   = bestsms_group.team[each.value.team].id
  contact_id = bestsms_contact.person[each.value.person].id
}
