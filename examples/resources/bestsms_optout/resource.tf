# The opt-out register needs api_version = "v3.00" in the provider block.

# A number that replied STOP by phone: no SMS from any sub-account.
resource "bestsms_optout" "pager_0009" {
  dest_type    = "SMS"          # Text is the same type
  destination  = "0421 000 009" # national format, read in default_country; sent as +61421000009
  stop_message = "Please stop the pager messages"
  notes        = "Asked by phone, ticket OPS-1234"
}

# An address-book contact that wants no marketing e-mail from one department.
resource "bestsms_optout" "alice_newsletter" {
  dest_type  = "Email"
  contact_id = bestsms_contact.alice.id
  department = "Marketing"
}

# A do-not-text list kept in Git, one opt-out per number.
variable "do_not_text" {
  type    = set(string)
  default = ["+61421000101", "+61421000102"]
}

resource "bestsms_optout" "do_not_text" {
  for_each = var.do_not_text

  dest_type   = "SMS"
  destination = each.value
}
