# Code derived by the API from the name: "Platform_On_Call".
resource "bestsms_group" "platform" {
  name = "Platform On Call"
}

# Explicit code, sub-account and visibility.
resource "bestsms_group" "security" {
  name         = "Security Incident Response"
  code         = "SEC_IR"
  sub_account  = "Security"
  view_edit_by = "SubAccount"
}
