# Helper of roster_mock_api.tftest.hcl: the members of one group, as the API
# lists them.
terraform {
  required_providers {
    bestsms = {
      source = "bestsms/bestsms"
    }
  }
}

variable "group_code" {
  type = string
}

# The ids the test expects (read by its assertion).
variable "want_ids" {
  type    = list(string)
  default = []
}

data "bestsms_group" "team" {
  code = var.group_code
}

data "bestsms_contacts" "members" {
  group_id = data.bestsms_group.team.id
}

output "member_ids" {
  value = data.bestsms_contacts.members.ids
}
