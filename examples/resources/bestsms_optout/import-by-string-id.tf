import {
  to = bestsms_optout.pager_0009
  id = "6f0a2c4e-3b1d-4e8f-9a7c-1d2e3f4a5b6c" # the opt-out's id
}
