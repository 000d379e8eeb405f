# The identity takes the group's id (GroupID) only; to import by code, use
# id = "SEC_IR" instead of identity.
import {
  to = bestsms_group.platform
  identity = {
    id = "4000000b-f002-4007-b00a-c00000000001"
  }
}
