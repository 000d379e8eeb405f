# Requires Terraform 1.14 or later. Cancels a scheduled message before it is
# sent:
#   terraform apply -invoke=action.bestsms_message_abort.cancel
action "bestsms_message_abort" "cancel" {
  config {
    message_id = "maintenance-notice"
  }
}
