import {
  to = bestsms_group_members.oncall
  identity = {
    group_id = "4000000b-f002-4007-b00a-c00000000001"
  }
}
