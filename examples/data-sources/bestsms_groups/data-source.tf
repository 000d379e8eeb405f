# Every group of the account, sorted by code.
data "bestsms_groups" "all" {}

output "group_codes" {
  value = data.bestsms_groups.all.codes
}
