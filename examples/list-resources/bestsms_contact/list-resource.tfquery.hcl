# Every contact (up to 1,000), with the resource objects that
# terraform query -generate-config-out needs.
list "bestsms_contact" "all" {
  provider         = bestsms
  include_resource = true
  limit            = 1000
}

# The members of one group whose name contains "lima".
list "bestsms_contact" "on_call_limas" {
  provider = bestsms
  config {
    group_id      = "4000000b-f002-4007-b00a-c00000000001"
    name_contains = "lima"
  }
}

# Whoever has this mobile number, in any spelling.
list "bestsms_contact" "by_mobile" {
  provider = bestsms
  config {
    mobile_phone = "0421 000 001"
  }
}
