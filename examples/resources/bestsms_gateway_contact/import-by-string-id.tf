import {
  to = bestsms_gateway_contact.ada
  id = "572"
}
