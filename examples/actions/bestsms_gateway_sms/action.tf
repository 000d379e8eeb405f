# Requires Terraform 1.14 or later. Texts the on-call group, one contact
# with a message of their own, and a number, then waits until every
# recipient is delivered (or failed):
#   terraform apply -invoke=action.bestsms_gateway_sms.drill
action "bestsms_gateway_sms" "drill" {
  config {
    message        = "Fire drill at 15:00. Assemble at the car park."
    contact_groups = ["On Call"]
    ignore_groups  = ["On Leave"]
    recipients     = ["+2348094309926"]
    contacts = [{
      phone            = "+2348086689567"
      first_name       = "Ada"
      override_message = "Ada, you lead the fire drill at 15:00."
      extra_data       = "drill-lead"
    }]
    sender_id = "Facilities"
    route     = "corporate"
    wait_for  = "delivered"
  }
}
