# The member list is imported by the group's id (GroupID).
terraform import bestsms_group_members.oncall 4000000b-f002-4007-b00a-c00000000001
