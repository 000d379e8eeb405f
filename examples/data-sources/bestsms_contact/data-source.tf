# Find a contact managed elsewhere by its mobile number (any spelling).
data "bestsms_contact" "duty_manager" {
  mobile_phone = "0421 000 001"
}

# Or by e-mail address, or by id.
data "bestsms_contact" "cto" {
  email_address = "cto@example.com"
}

resource "bestsms_group_membership" "duty_manager_oncall" {
  group_id   = bestsms_group.oncall.id
  contact_id = data.bestsms_contact.duty_manager.id
}
