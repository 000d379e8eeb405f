output "staff_count" {
  description = "How many people the list holds."
  value       = length(bestsms_contact_list.staff.contact_ids)
}

output "group_codes" {
  description = "The group code of everybody and of each department, to address messages to."
  value = merge(
    { all = bestsms_group.all_staff.code },
    { for d, g in bestsms_group.department : d => g.code },
  )
}
