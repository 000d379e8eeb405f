# A contact is imported by its id (ContactID).
terraform import bestsms_contact.alice 17f2b37e-4706-41c8-8dcb-de90e24c2447
