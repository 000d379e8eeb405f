# Added to a copy of examples/on-call-roster by make demo KEEP_MOCK=1 (when
# the CLI has actions, Terraform 1.14+) and by the dashboard's browser test:
# page two teams, personalised.
#   terraform apply -invoke=action.bestsms_message.page_on_call
action "bestsms_message" "page_on_call" {
  config {
    message_id = "on-call-week"
    reference  = "weekly on-call"
    message    = "Hi [[First Name]], you are on call this week."
    destinations = [
      { group_id = bestsms_group.team["platform"].id },
      { group_code = bestsms_group.team["security"].code },
    ]
  }
}
