import {
  to = bestsms_group_membership.alice_platform
  identity = {
    group_id   = "4000000b-f002-4007-b00a-c00000000001"
    contact_id = "17f2b37e-4706-41c8-8dcb-de90e24c2447"
  }
}
