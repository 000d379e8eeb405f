# A staff list kept in a CSV file, as one bestsms_contact_list: the whole
# list is one Terraform resource, however many rows the file has, and the
# provider makes the API calls for the rows that changed. A group of all
# staff and one group per department are built from the list's ids.
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
  # One row per person, keyed by employee id: the key stays when a name,
  # number or e-mail address changes, so those update in place. The rows
  # are grouped by id first (the "..."), so that a repeated id fails the
  # plan with the precondition below, naming the rows, instead of
  # Terraform's "Duplicate object key" error, which names only the id.
  rows_by_id  = { for row in csvdecode(file("${path.module}/staff.csv")) : row.employee_id => row... }
  staff       = { for id, rows in local.rows_by_id : id => rows[0] }
  repeated    = { for id, rows in local.rows_by_id : id => [for r in rows : "${r.first_name} ${r.last_name}"] if length(rows) > 1 }
  departments = toset([for s in local.staff : s.department])
}

resource "bestsms_contact_list" "staff" {
  contacts = {
    for id, s in local.staff : id => {
      attention          = "${s.first_name} ${s.last_name}"
      first_name         = s.first_name
      last_name          = s.last_name
      mobile_phone       = s.mobile # national numbers are read in default_country
      email_address      = s.email
      company_department = s.department
      custom1            = id # the employee id, also kept in the address book
    }
  }
  # A blank cell (E1009 has no e-mail address) means "not set": the contact
  # is created without that attribute.

  lifecycle {
    precondition {
      condition     = length(local.repeated) == 0
      error_message = "staff.csv repeats employee ids, and each person needs an id of their own: ${join("; ", [for id, names in local.repeated : "${id} is ${join(" and ", names)}"])}."
    }
  }
}

# Everybody, for emergency alerts.
resource "bestsms_group" "all_staff" {
  name = "All Staff"
}

resource "bestsms_group_members" "all_staff" {
  group_id    = bestsms_group.all_staff.id
  contact_ids = values(bestsms_contact_list.staff.contact_ids)
}

# One group per department.
resource "bestsms_group" "department" {
  for_each = local.departments
  name     = "Staff ${each.key}"
}

resource "bestsms_group_members" "department" {
  for_each = local.departments

  group_id    = bestsms_group.department[each.key].id
  contact_ids = [for id, s in local.staff : bestsms_contact_list.staff.contact_ids[id] if s.department == each.key]
}
