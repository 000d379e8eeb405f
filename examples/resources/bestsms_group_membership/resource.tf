resource "bestsms_group" "platform" {
  name = "Platform On Call"
}

resource "bestsms_contact" "alice" {
  attention    = "Alice Nguyen"
  mobile_phone = "0421 000 001"
}

# Adds Alice to the group; other members of the group are left alone.
resource "bestsms_group_membership" "alice_platform" {
  group_id   = bestsms_group.platform.id
  contact_id = bestsms_contact.alice.id
}
