// Package messaging holds the messaging kinds of the BestSMS REST API: the
// actions bestsms_message (send, optionally waiting for delivery),
// bestsms_message_resubmit, bestsms_message_reschedule and
// bestsms_message_abort; the data sources bestsms_message_status,
// bestsms_received_sms and bestsms_sms_replies; and the send-time rules of
// the actions (send_time.go).
//
// It speaks the REST API (internal/client). It must not import
// internal/gateway, another area, internal/provider or internal/acctest.
package messaging
