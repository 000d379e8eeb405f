# The complete member list of the on-call group, from a roster file.
# Members added in the BestSMS dashboard are removed by the next apply.
# Do not also use bestsms_group_membership on this group.
locals {
  oncall = yamldecode(file("${path.module}/roster.yaml")).oncall
}

resource "bestsms_contact" "oncall" {
  for_each     = { for p in local.oncall : p.id => p }
  attention    = each.value.name
  mobile_phone = each.value.mobile
}

resource "bestsms_group" "oncall" {
  name = "Platform On Call"
}

resource "bestsms_group_members" "oncall" {
  group_id    = bestsms_group.oncall.id
  contact_ids = [for c in bestsms_contact.oncall : c.id]
}
