# Requires Terraform 1.14 or later. Moves a scheduled message; send_time is
# local to the account's time zone.
#   terraform apply -invoke=action.bestsms_message_reschedule.later
action "bestsms_message_reschedule" "later" {
  config {
    message_id = "maintenance-notice"
    send_time  = "2026-12-01T08:30"
  }
}
