# The contacts of one group of the gateway sub-account.
data "bestsms_gateway_contacts" "staff" {
  group_name = "Staff"
}

output "staff_numbers" {
  value = data.bestsms_gateway_contacts.staff.phones
}
