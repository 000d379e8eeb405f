# Unit tests of the roster: no API, no credentials (terraform test, 1.7 or
# later; tofu test, 1.8 or later). The provider is mocked: nothing is sent,
# and Terraform makes up what the API would compute, except what the
# defaults and overrides below set. The provider's validation and functions
# still run for real, and it checks that ids are UUIDs: mocked ids need UUID
# defaults.
mock_provider "bestsms" {
  mock_resource "bestsms_contact" {
    defaults = {
      id = "8f3148b1-5e04-473e-84b7-6a533ad7c971"
    }
  }
}

# Or, for one resource of the configuration (every instance of it):
override_resource {
  target = bestsms_group.team
  values = {
    id = "4000000b-f002-4007-b00a-c00000000001"
  }
}

run "roster_from_yaml" {
  # A mocked apply sends no request: it only records the planned values.
  command = apply

  assert {
    condition     = length(bestsms_contact.person) == 5 && length(bestsms_group.team) == 3
    error_message = "The roster should make 5 contacts and 3 groups."
  }
  assert {
    condition     = output.member_counts == { platform = 3, database = 2, security = 2 }
    error_message = "Unexpected team sizes: ${jsonencode(output.member_counts)}."
  }
  assert {
    condition = (bestsms_contact.person["dana"].first_name == "Dana" &&
    bestsms_contact.person["dana"].last_name == "Kowalski")
    error_message = "Names should be split into first and last name."
  }
  assert {
    condition     = bestsms_group_membership.member["security/alice"].group_id == "4000000b-f002-4007-b00a-c00000000001"
    error_message = "Memberships should take the groups' ids."
  }
  # Names come from roster.yaml; the codes the API would derive (a mocked
  # provider makes them up).
  assert {
    condition     = bestsms_group.team["security"].name == "Security Incident Response"
    error_message = "The security team's group should be named from roster.yaml."
  }
  # Functions are real under a mocked provider.
  assert {
    condition     = provider::bestsms::normalize_phone(bestsms_contact.person["emeka"].mobile_phone, "AU") == "+61421000005"
    error_message = "Emeka's mobile should be an AU mobile."
  }
  assert {
    condition     = provider::bestsms::group_code(bestsms_group.team["platform"].name) == "Platform_On_Call"
    error_message = "The API would give the platform team another code."
  }
}
