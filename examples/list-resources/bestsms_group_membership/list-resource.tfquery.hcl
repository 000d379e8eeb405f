# Every membership of every group (a request per group).
list "bestsms_group_membership" "all" {
  provider         = bestsms
  include_resource = true
  limit            = 1000
}

# Only the memberships of one group.
list "bestsms_group_membership" "platform" {
  provider         = bestsms
  include_resource = true
  config {
    group_id = "4000000b-f002-4007-b00a-c00000000001"
  }
}
