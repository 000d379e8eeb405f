# Integration test against bestsms-mock, the local fake of the BestSMS API:
# real requests, real ids and codes, nothing sent to anyone.
#
#   make mock      # or: docker run --rm -p 127.0.0.1:8089:8089 ghcr.io/bestsms/bestsms-mock
#   export BESTSMS_BASE_URL=http://127.0.0.1:8089/api BESTSMS_AUTH_TOKEN=dev-token
#   terraform test -test-directory=tests/integration
#
# It lives apart from tests/, so that a plain `terraform test` needs no API.

run "roster_applies" {
  command = apply

  assert {
    condition     = alltrue([for id in values(output.contact_ids) : can(regex("^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$", id))])
    error_message = "The API should give every contact a UUID: ${jsonencode(output.contact_ids)}."
  }
  assert {
    condition     = output.group_codes == { platform = "Platform_On_Call", database = "Database_On_Call", security = "Security_Incident_Response" }
    error_message = "Unexpected group codes: ${jsonencode(output.group_codes)}."
  }
}

# Read the platform team back through the API, with a helper module.
run "members_read_back" {
  command = apply

  module {
    source = "./tests/integration/read-back"
  }

  variables {
    group_code = "Platform_On_Call"
    want_ids = [
      run.roster_applies.contact_ids["alice"],
      run.roster_applies.contact_ids["bruno"],
      run.roster_applies.contact_ids["dana"],
    ]
  }

  assert {
    condition     = toset(output.member_ids) == toset(var.want_ids)
    error_message = "The API should list Alice, Bruno and Dana in Platform On Call: ${jsonencode(output.member_ids)}."
  }
}
