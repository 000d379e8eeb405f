terraform {
  required_providers {
    bestsms = {
      source = "bestsms/bestsms"
    }
  }
}

# "Platform_On_Call": the code the API gives a group created without one.
output "platform_code" {
  value = provider::bestsms::group_code("Platform On Call")
}

# The codes of every team in a roster file, before the groups exist.
locals {
  teams = {
    platform = "Platform On Call"
    database = "Database On Call"
  }
}

output "team_codes" {
  value = { for k, name in local.teams : k => provider::bestsms::group_code(name) }
}
