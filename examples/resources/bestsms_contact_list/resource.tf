# Every row of a CSV file as one contact, keyed by employee id.
locals {
  staff = { for row in csvdecode(file("${path.module}/staff.csv")) : row.employee_id => row }
}

resource "bestsms_contact_list" "staff" {
  contacts = {
    for id, s in local.staff : id => {
      attention     = "${s.first_name} ${s.last_name}"
      first_name    = s.first_name
      last_name     = s.last_name
      mobile_phone  = s.mobile
      email_address = s.email
      custom1       = id
    }
  }
}

# A group of the whole list.
resource "bestsms_group" "all_staff" {
  name = "All Staff"
}

resource "bestsms_group_members" "all_staff" {
  group_id    = bestsms_group.all_staff.id
  contact_ids = values(bestsms_contact_list.staff.contact_ids)
}
