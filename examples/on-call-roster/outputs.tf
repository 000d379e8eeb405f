output "group_codes" {
  description = "GroupCode of each team: use it to address the team in messages."
  value       = { for k, g in bestsms_group.team : k => g.code }
}

output "member_counts" {
  description = "How many people are on each team."
  value = {
    for team in keys(local.roster.teams) :
    team => length([for m in values(local.memberships) : m if m.team == team])
  }
}

output "contact_ids" {
  description = "ContactID of each person."
  value       = { for k, c in bestsms_contact.person : k => c.id }
}
