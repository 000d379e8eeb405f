import {
  to = bestsms_group.security
  id = "SEC_IR" # a GroupCode or a GroupID
}
