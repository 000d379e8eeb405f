# Look a group up by code, name or id.
data "bestsms_group" "security" {
  code = "SEC_IR"
}

output "security_group_id" {
  value = data.bestsms_group.security.id
}
