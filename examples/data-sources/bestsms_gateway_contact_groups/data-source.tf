# Every group of the gateway sub-account with its number of contacts.
data "bestsms_gateway_contact_groups" "all" {}

output "group_sizes" {
  value = data.bestsms_gateway_contact_groups.all.groups
}
