# Requires Terraform 1.10 or later, or OpenTofu 1.11 or later. Read on every
# plan and apply, never written to the plan or state.

# A one-time code a registrar texts to the account's number while a domain is
# set up: the newest SMS of the last 15 minutes.
ephemeral "bestsms_received_sms" "verification" {
  time_period_minutes = 15
  max_records         = 1

  lifecycle {
    postcondition {
      condition     = length(self.messages) == 1
      error_message = "No SMS was received in the last 15 minutes: ask for the code, then plan again."
    }
  }
}

locals {
  # Ephemeral as well, being derived from an ephemeral value.
  verification_code = regex("[0-9]{6}", ephemeral.bestsms_received_sms.verification.messages[0].message)
}

# Pass it on only to what takes ephemeral values: a write-only attribute, a
# provider block, another ephemeral resource, or the text of a message
# (write-only in bestsms_message, Terraform 1.14 or later).
action "bestsms_message" "forward_code" {
  config {
    message = "Registrar verification code: ${local.verification_code}"
    destinations = [
      { recipient = "0421 000 001" },
    ]
  }
}
