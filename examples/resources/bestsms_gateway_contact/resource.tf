# A contact of the Best SMS Gateway (api_v1) sub-account. Any change
# replaces it: api_v1 has no update of a contact.
resource "bestsms_gateway_contact" "ada" {
  phone      = "+2348086689567"
  first_name = "Ada"
  last_name  = "Obi"
  group_name = "Staff"
}
