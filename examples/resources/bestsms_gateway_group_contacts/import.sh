# The phone list is imported by the group's name.
terraform import bestsms_gateway_group_contacts.oncall "On Call"
