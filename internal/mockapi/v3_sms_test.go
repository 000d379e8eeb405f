package mockapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// py3Send is a send as PY3 builds it: flat, Timezone, ToNumber and
// FirstName in Destinations, a top-level Destination and ContactID.
const py3Send = `{"Message":"Hi [[FirstName]], [[Custom1]]","MessageID":"v3-msg-1","Reference":"roster",
"Timezone":"New Zealand","SubAccount":"Ops","Department":"Team A","NotificationType":"Webhook","FallbackMode":"None",
"Destination":"+61421000001",
"Destinations":[{"ToNumber":"+61421000002","FirstName":"Bo","Custom1":"x"},{"ToNumber":"+61421000003","First Name":"Cy"}]}`

func TestV3SendAndStatus(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute})
	sent := h.v3ok("POST", "sms", py3Send)
	equal(t, "send answer", sent, map[string]any{"MessageID": "v3-msg-1"})

	doc := h.v3ok("GET", "sms/v3-msg-1?recordsPerPage=100&page=1", "")
	equal(t, "pending job", []any{doc["JobStatus"], doc["Count"], doc["Complete"], doc["Price"], doc["SubAccount"]},
		[]any{"Pending", float64(3), float64(0), nil, "Ops"})
	if _, has := doc["Status"]; has {
		t.Errorf("v3 status carries v2's Status: %v", doc)
	}
	h.clock.Advance(time.Minute)
	doc = h.v3ok("GET", "sms/v3-msg-1", "")
	equal(t, "completed job", []any{doc["JobStatus"], doc["Success"], doc["Failed"], doc["Price"], paging4(doc)},
		[]any{"Completed", float64(3), float64(0), "0.30", [4]int{3, 100, 1, 1}})
	rs := arr(t, doc, "Recipients")
	equal(t, "destinations in order", pluck(rs, "Destination"), []string{"+61421000001", "+61421000002", "+61421000003"})
	equal(t, "personalised texts", pluck(rs, "MessageText"), []string{"Hi , ", "Hi Bo, x", "Hi Cy, "})
	equal(t, "first recipient", rs[1], map[string]any{
		"Type": "SMS", "DestSeq": "00000002", "Destination": "+61421000002", "ContactID": "", "Status": "Success",
		"Result": "delivered", "MessageText": "Hi Bo, x",
		"SentTimeLocal": "2025-12-01 12:01:00", "SentTimeUTC": "2025-12-01 01:01:00", "SentTimeUTC_RFC3339": "2025-12-01T01:01:00.000Z",
		"Attention": "", "Company": "", "Custom1": "x", "Custom2": "", "Custom3": "", "Custom4": "", "Custom5": "", "Custom6": "",
		"Custom7": "", "Custom8": "", "Custom9": "", "RemoteID": "", "Price": "0.10", "SMSReplies": []any{},
	})

	// Replies are embedded in the status: there is no replies route.
	h.inboundReply(t, "+61421000002", "Yes", "v3-msg-1")
	rs = arr(t, h.v3ok("GET", "sms/v3-msg-1?recordsPerPage=1&page=2", ""), "Recipients")
	replies, _ := rs[0]["SMSReplies"].([]any)
	if len(replies) != 1 {
		t.Fatalf("SMSReplies on page 2 = %v", rs[0]["SMSReplies"])
	}
	reply, _ := replies[0].(map[string]any)
	equal(t, "reply", []any{reply["From"], reply["MessageText"], reply["Timezone"], len(reply)}, []any{"+61421000002", "Yes", "AUS Eastern", 7})

	// The message 404.
	r := h.v3("GET", "sms/nope", "")
	equal(t, "unknown message", []any{r.status, r.body}, []any{http.StatusNotFound,
		map[string]any{"Result": "RecordNotFound", "MessageID": "nope", "ErrorMessage": []any{"Unable to find entry."}}})
	// The raw body is kept as sent.
	m, _ := h.srv.Message("v3-msg-1")
	equal(t, "raw body", string(m.Raw), py3Send)
	equal(t, "time zone", m.TimeZone, "New Zealand")
}

// inboundReply simulates a reply through the admin API.
func (h *harness) inboundReply(t *testing.T, from, text, replyTo string) {
	t.Helper()
	status, raw := adminCall(t, h, "POST", "/_mock/inbound", `{"from":"`+from+`","message":"`+text+`","reply_to":"`+replyTo+`"}`)
	if status != http.StatusOK {
		t.Fatalf("inbound: %d %s", status, raw)
	}
}

func TestV3SendTargetsAndChecks(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"Ann","MobilePhone":"+61421000011"}`)
	gid := str(t, h.v3ok("POST", "addressbook/group", `{"GroupName":"G"}`), "GroupID")
	h.v3ok("PATCH", "addressbook/contact/"+cid+"/group", `{"GroupID":"`+gid+`"}`)
	id := str(t, h.v3ok("POST", "sms", `{"Message":"hi","ContactID":"`+cid+`","GroupID":"`+gid+`","ToNumber":"+61421000012",
		"Destinations":[{"GroupCode":"G"}],"ChargeCode":"ignored","Mode":"Test"}`), "MessageID")
	rs := arr(t, h.v3ok("GET", "sms/"+id, ""), "Recipients")
	equal(t, "targets in order", pluck(rs, "Destination"), []string{"+61421000012", "+61421000011", "+61421000011", "+61421000011"})
	equal(t, "contact ids", pluck(rs, "ContactID"), []string{"", cid, cid, cid})
	m, _ := h.srv.Message(id)
	equal(t, "ChargeCode is gone in v3", m.ChargeCode, "")

	for _, c := range []struct{ body, want string }{
		{`{"Message":"hi"}`, mockapi.ErrMissingDests},
		{`{"Destination":"+61421000001"}`, mockapi.ErrMissingMessage},
		{`{"TemplateID":"123e4567-e89b-12d3-a456-426614174000","Destination":"+61421000001"}`,
			`TemplateID "123e4567-e89b-12d3-a456-426614174000": this mock has no message templates, send a Message`},
		{`{"Message":"hi","Destination":"+61421000001","NotificationType":"SMS"}`, `NotificationType must be one of None, Webhook, Email, got "SMS"`},
		{`{"Message":"hi","Destination":"+61421000001","FallbackMode":"Fax"}`, `FallbackMode must be one of None, Voice, WhatsApp, WAPP, RCS, got "Fax"`},
		{`{"Message":"hi","Destination":"+61421000001","MessageID":"no spaces please"}`, mockapi.ErrInvalidMessageID},
		{`{"Message":"hi","Destination":"+61421000001","WebhookCallbackURL":"https://example.com/h","WebhookCallbackFormat":"POST"}`,
			`WebhookCallbackFormat must be JSON or XML, got "POST"`},
		{`{"Message":"hi","ContactID":"nobody"}`, mockapi.ErrNoValidDests},
	} {
		h.v3fail(http.StatusBadRequest, "Failed", c.want, "POST", "sms", c.body)
	}
	equal(t, "messages after refused sends", len(h.srv.Messages()), 1)
}

func TestV3Received(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := str(t, h.v3ok("POST", "sms", `{"Message":"hi","ToNumber":"+61421000001","SubAccount":"Ops"}`), "MessageID")
	h.inboundReply(t, "+61421000001", "reply", id)
	h.clock.Advance(2 * time.Hour)
	if _, err := h.srv.Inbound("+61421000099", "hello", ""); err != nil {
		t.Fatal(err)
	}

	// Neither key (PY3 without arguments): the last 1440 minutes.
	all := arr(t, h.v3ok("GET", "sms/received?recordsPerPage=100&page=1", ""), "Messages")
	equal(t, "received, no window", pluck(all, "MessageText"), []string{"reply", "hello"})
	first := all[0]
	equal(t, "item members", sortedKeys(first), []string{"ContactID", "Department", "From", "JobNum", "MessageID", "MessageText",
		"ReceivedID", "ReceivedTimeLocal", "ReceivedTimeUTC", "ReceivedTimeUTC_RFC3339", "SubAccount", "Timezone", "Version"})
	equal(t, "reply item", []any{first["MessageID"], first["SubAccount"], first["Version"], len(str(t, first, "ReceivedID"))},
		[]any{id, "Ops", "v3.00", 36})
	equal(t, "last hour", pluck(arr(t, h.v3ok("GET", "sms/received?timePeriod=60", ""), "Messages"), "MessageText"), []string{"hello"})
	// A window, in the account's local time (Sydney, UTC+11).
	equal(t, "window", pluck(arr(t, h.v3ok("GET", "sms/received?dateFrom=2025-12-01T11:00:00&dateTo=2025-12-01T13:00:00", ""), "Messages"), "MessageText"),
		[]string{"reply"})
	h.v3ok("GET", "sms/received?dateFrom=2025-11-24T12:00:00&dateTo=2025-12-01T12:00:00", "")

	for _, c := range []struct{ query, want string }{
		{"timePeriod=1441", `timePeriod must be between 1 and 1440 minutes, got "1441"`},
		{"timePeriod=0", `timePeriod must be between 1 and 1440 minutes, got "0"`},
		{"dateFrom=2025-11-24T11:59:59&dateTo=2025-12-01T12:00:00", "dateFrom and dateTo must be at most 7 days apart"},
		{"dateFrom=2025-11-20", "dateFrom and dateTo must be at most 7 days apart"},
	} {
		h.v3fail(http.StatusBadRequest, "Failed", c.want, "GET", "sms/received?"+c.query, "")
	}
}

func TestV3Actions(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := str(t, h.v3ok("POST", "sms", `{"Message":"hi","ToNumber":"+61421000001","SendTime":"2025-12-02T09:00","Timezone":"AUS Eastern"}`), "MessageID")
	equal(t, "delayed", h.v3ok("GET", "sms/"+id, "")["JobStatus"], "Delayed")

	resched := h.v3ok("PATCH", "sms/"+id+"/reschedule", `{"SendTime":"2025-12-03T09:00:00"}`)
	equal(t, "reschedule answer", sortedKeys(resched), []string{"Action", "ActionResult", "JobNum", "MessageID", "Status"})
	equal(t, "reschedule", []any{resched["ActionResult"], resched["Action"], resched["Status"], resched["MessageID"]},
		[]any{"Success", "Reschedule", "Delayed", id})
	h.v3fail(http.StatusBadRequest, "Failed", "Missing SendTime: Reschedule needs the new send time", "PATCH", "sms/"+id+"/reschedule", `{}`)

	// Abort with PY3's empty object, and with no body at all.
	aborted := h.v3ok("PATCH", "sms/"+id+"/abort", `{}`)
	equal(t, "abort", []any{aborted["ActionResult"], aborted["Action"], aborted["Status"]}, []any{"Success", "Abort", "Delayed"})
	equal(t, "aborted job", h.v3ok("GET", "sms/"+id, "")["JobStatus"], "Deleted")
	h.v3fail(http.StatusBadRequest, "Failed", "Message is not Delayed (status: Deleted)", "PATCH", "sms/"+id+"/abort", "", "Content-Type: -")

	r := h.v3("PATCH", "sms/nope/abort", `{}`)
	equal(t, "unknown message", []any{r.status, r.body}, []any{http.StatusNotFound,
		map[string]any{"Result": "RecordNotFound", "MessageID": "nope", "ErrorMessage": []any{"Unable to find entry."}}})
}
