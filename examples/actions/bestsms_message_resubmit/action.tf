# Requires Terraform 1.14 or later. Resubmits a message whose status is
# Failed, for example after the account's credit was topped up:
#   terraform apply -invoke=action.bestsms_message_resubmit.retry
action "bestsms_message_resubmit" "retry" {
  config {
    message_id = "release-2026-11-22"
  }
}
