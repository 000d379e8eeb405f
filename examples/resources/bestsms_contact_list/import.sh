# Adopt the members of a group, keyed by their e-mail address:
terraform import bestsms_contact_list.staff group:4000000b-f002-4007-b00a-c00000000001

# ... or keyed by another attribute, here custom1 (an employee id):
terraform import bestsms_contact_list.staff group:4000000b-f002-4007-b00a-c00000000001:custom1

# Adopt given contacts under given keys (a JSON object of key => ContactID):
terraform import bestsms_contact_list.staff 'ids:{"E1001":"17f2b37e-4706-41c8-8dcb-de90e24c2447"}'
