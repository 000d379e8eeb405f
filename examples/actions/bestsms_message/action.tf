# Requires Terraform 1.14 or later. An action stores nothing: it sends again
# every time its trigger fires or it is invoked.

# Page the on-call group whenever the roster changes.
action "bestsms_message" "roster_changed" {
  config {
    message = "On-call roster updated: ${terraform_data.roster.output}"
    destinations = [
      { group_id = bestsms_group.oncall.id },
    ]
    reference         = "roster-change"
    wait_for_delivery = true
    wait_timeout      = "2m"
  }
}

resource "terraform_data" "roster" {
  input = filesha256("${path.module}/roster.yaml")

  lifecycle {
    action_trigger {
      events  = [after_update]
      actions = [action.bestsms_message.roster_changed]
    }
  }
}

# Smoke-test a new number without sending anything (test mode), personalised.
action "bestsms_message" "smoke_test" {
  config {
    message = "Hello [[First Name]], this number now receives on-call pages."
    destinations = [
      { recipient = "0421 000 001", first_name = "Alice" },
      { contact_id = bestsms_contact.bruno.id },
      { group_code = "SEC_IR" },
    ]
    message_id = "smoke-test-2026-11"
    test_mode  = true
  }
}

# Run it by hand:
#   terraform apply -invoke=action.bestsms_message.smoke_test

# A secret in the text: message and the personalisation attributes are
# write-only, so an ephemeral variable may go into them; the plan shows
# "(write-only attribute)" and neither the plan nor the state stores it.
variable "break_glass_code" {
  type      = string
  ephemeral = true
}

action "bestsms_message" "break_glass" {
  config {
    message = "Break-glass code for prod: ${var.break_glass_code}. It expires in 15 minutes."
    destinations = [
      { group_code = "SEC_IR" },
    ]
  }
}

# An ephemeral variable is given again when a saved plan is applied:
#   terraform apply -invoke=action.bestsms_message.break_glass -var "break_glass_code=$CODE"
