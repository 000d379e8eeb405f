# The failed messages of one batch (the batch_id the bestsms_gateway_sms
# action reports).
data "bestsms_gateway_messages" "failed" {
  batch_id = "1_1_1437039374"
  stage    = "failed"
}

output "failed_recipients" {
  value = {
    for m in data.bestsms_gateway_messages.failed.messages : m.recipient => "${m.status_name}: ${coalesce(m.info, "-")}"
  }
}
