resource "bestsms_contact" "alice" {
  attention     = "Alice Nguyen"
  first_name    = "Alice"
  last_name     = "Nguyen"
  company       = "Example Corp"
  position      = "SRE lead"
  mobile_phone  = "0421 000 001" # national format, read in default_country; sent as +61421000001
  email_address = "alice@example.com"
  custom1       = "managed-by-terraform"
  view_by       = "Account"
  edit_by       = "Account"
}
