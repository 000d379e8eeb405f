# Who acknowledged the page?
data "bestsms_sms_replies" "page" {
  message_id = "incident-4711"
}

output "acknowledged_by" {
  value = [
    for r in data.bestsms_sms_replies.page.recipients : r.destination
    if length([for reply in r.replies : reply if upper(trimspace(reply.message)) == "ACK"]) > 0
  ]
}
