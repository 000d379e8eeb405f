output "contact_ids" {
  description = "Gateway contact_id of each person."
  value       = { for id, c in bestsms_gateway_contact.person : id => c.id }
}

output "on_call" {
  description = "The numbers of the on-call group."
  value       = sort(bestsms_gateway_group_contacts.on_call.phones)
}

output "group_sizes" {
  description = "Every group of the sub-account with its number of contacts."
  value       = data.bestsms_gateway_contact_groups.all.groups
}

output "credit" {
  description = "The sub-account's credit."
  value       = data.bestsms_gateway_account.this.balance
}
