# A membership is imported by "<group_id>/<contact_id>".
terraform import bestsms_group_membership.alice_platform 4000000b-f002-4007-b00a-c00000000001/17f2b37e-4706-41c8-8dcb-de90e24c2447
