# A gateway contact is imported by its contact_id.
terraform import bestsms_gateway_contact.ada 572
