# The members of a group, keyed by custom1 (an employee id). Without the
# last part, they are keyed by email_address.
import {
  to = bestsms_contact_list.staff
  id = "group:4000000b-f002-4007-b00a-c00000000001:custom1"
}
