# Every contact of one company, sorted by id.
data "bestsms_contacts" "example_corp" {
  company = "Example Corp"
}

# Members of a group whose name contains "smith".
data "bestsms_contacts" "smiths_on_call" {
  group_id      = bestsms_group.oncall.id
  name_contains = "smith"
}

output "example_corp_mobiles" {
  value = [for c in data.bestsms_contacts.example_corp.contacts : c.mobile_phone if c.mobile_phone != ""]
}
