# Every number of the "On Call" group of the Best SMS Gateway (api_v1)
# sub-account. Numbers added to the group elsewhere are removed by the next
# apply; a change adds and removes only the difference.
resource "bestsms_gateway_group_contacts" "oncall" {
  group_name = "On Call"
  phones = [
    "+2348086689567",
    "+2348094309926",
  ]
}
