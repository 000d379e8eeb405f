# SMS received in the last hour, oldest first.
data "bestsms_received_sms" "last_hour" {
  time_period_minutes = 60
}

# Or an explicit window in the account's local time, newest 50 only.
data "bestsms_received_sms" "november" {
  date_from   = "2026-11-01"
  date_to     = "2026-11-30T23:59:59"
  max_records = 50
}

output "opt_outs" {
  value = [for m in data.bestsms_received_sms.last_hour.messages : m.from if upper(trimspace(m.message)) == "STOP"]
}
