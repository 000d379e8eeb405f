import {
  to = bestsms_contact.alice
  identity = {
    id = "17f2b37e-4706-41c8-8dcb-de90e24c2447"
  }
}
