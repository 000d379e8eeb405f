terraform {
  required_providers {
    bestsms = {
      source = "bestsms/bestsms"
    }
  }
}

# { encoding = "GSM-7", characters = 27, units = 27, segments = 1, units_per_segment = 160 }
output "short" {
  value = provider::bestsms::sms_segments("Deploy finished: all green.")
}

# An emoji makes the whole text UCS-2: 70 units per single SMS, 67 per part.
output "with_emoji" {
  value = provider::bestsms::sms_segments("Deploy finished 🚀")
}

# Keep an alert text within one SMS.
variable "alert_text" {
  type    = string
  default = "P1: checkout API error rate above 5% for 10 minutes. Runbook: https://runbooks.example.com/checkout"

  validation {
    condition     = provider::bestsms::sms_segments(var.alert_text).segments <= 1
    error_message = "The alert text must fit in a single SMS."
  }
}
