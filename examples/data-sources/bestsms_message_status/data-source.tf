data "bestsms_message_status" "release" {
  message_id = "release-2026-11-22"
}

output "release_delivery" {
  value = {
    status    = data.bestsms_message_status.release.status
    delivered = data.bestsms_message_status.release.success_count
    failed = [
      for r in data.bestsms_message_status.release.recipients : "${r.destination}: ${r.result}"
      if r.status == "Failed"
    ]
  }
}
