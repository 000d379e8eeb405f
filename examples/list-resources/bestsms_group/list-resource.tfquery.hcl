# Every group whose name contains "on call", ignoring case.
list "bestsms_group" "on_call" {
  provider         = bestsms
  include_resource = true
  config {
    name_contains = "on call"
  }
}
