import {
  to = bestsms_gateway_group_contacts.oncall
  id = "On Call"
}
