# Requires Terraform 1.14 or later. Stops the still-queued messages of one
# scheduled batch; a filter is required (stop_sms without one would stop
# every message of the sub-account):
#   terraform apply -invoke=action.bestsms_gateway_sms_stop.cancel_notice
action "bestsms_gateway_sms_stop" "cancel_notice" {
  config {
    batch_id = "1_1_1437039374"
  }
}
