# A group is imported by its id (GroupID) or by its code (GroupCode).
terraform import bestsms_group.platform 4000000b-f002-4007-b00a-c00000000001
terraform import bestsms_group.security SEC_IR
