# Every SMS opt-out (Text ones included), for example to leave those
# numbers out of a list of recipients.
data "bestsms_optouts" "sms" {
  dest_type = "SMS"
}

# The opt-outs of the last week.
data "bestsms_optouts" "recent" {
  created_within_days = 7
}

locals {
  on_call_numbers = ["+61421000001", "+61421000009"]
  # The numbers that may still be texted.
  textable = setsubtract(local.on_call_numbers, data.bestsms_optouts.sms.destinations)
}

output "opted_out_last_week" {
  value = [for o in data.bestsms_optouts.recent.optouts : coalesce(o.destination, o.contact_id)]
}
