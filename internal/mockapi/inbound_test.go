package mockapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestRepliesAndInbound(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	ann := h.srv.PutContact(mockapi.Contact{Attention: "Ann", MobilePhone: "+61421000001"})
	h.srv.PutContact(mockapi.Contact{Attention: "Stranger", MobilePhone: "+61 421 000 099"})
	h.send(`{"MessageID":"m1","Message":"Are you on call?","Destinations":[{"ContactID":"` + ann.ContactID + `"},{"Recipient":"+61421000002"},{"Recipient":"+61421000000"}]}`)
	h.clock.Advance(time.Minute)
	h.send(`{"MessageID":"m2","Message":"Second","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.clock.Advance(time.Minute)

	// Without reply_to: the most recent message delivered to that number.
	r := h.call("POST", "/_mock/inbound", `{"from":"+61 421 000 001","message":"ACK"}`)
	equal(t, "inbound status", r.status, http.StatusOK)
	equal(t, "inbound answer", []any{r.body["Result"], r.body["MessageID"], r.body["Type"]}, []any{"Success", "m2", "SMSReply"})
	if rid, _ := r.body["ReceivedID"].(string); len(rid) != 36 {
		t.Errorf("ReceivedID %q", rid)
	}
	// With reply_to (compared by digits).
	r = h.call("POST", "/_mock/inbound", `{"from":"61421000001","message":"YES","reply_to":"m1"}`)
	equal(t, "reply_to answer", []any{r.body["MessageID"], r.body["Type"]}, []any{"m1", "SMSReply"})
	// Errors: unknown reply_to, or one never delivered to that number (the
	// failed recipient does not count).
	h.failID(http.StatusBadRequest, "Message(s) NOT found", "nope", "POST", "/_mock/inbound", `{"from":"+61421000001","message":"x","reply_to":"nope"}`)
	h.failID(http.StatusBadRequest, "was not delivered to", "m2", "POST", "/_mock/inbound", `{"from":"+61421000002","message":"x","reply_to":"m2"}`)
	h.failID(http.StatusBadRequest, "was not delivered to", "m1", "POST", "/_mock/inbound", `{"from":"+61421000000","message":"x","reply_to":"m1"}`)
	h.failID(http.StatusBadRequest, "from must be a phone number", "", "POST", "/_mock/inbound", `{"message":"x"}`)
	// A number nobody messaged: plain inbound, linked to the contact with that
	// mobile, whatever the spelling of the sender's number.
	got, err := h.srv.Inbound("0421 000 099", "Hello?", "")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "plain inbound", []string{got.MessageID, got.Type, got.JobNum}, []string{"", "SMSInbound", ""})
	if _, err := h.srv.Inbound("+61421000001", "x", "nope"); err == nil {
		t.Error("Inbound with an unknown replyTo succeeded")
	}

	// The reply document: SMSReplies per recipient.
	doc := h.ok("GET", "/api/v2.04/get/sms/reply/m1", "")
	rs := recipients(t, doc)
	replies := arr(t, rs[0], "SMSReplies")
	equal(t, "replies of m1 recipient 1", len(replies), 1)
	equal(t, "reply members", sortedKeys(replies[0]), []string{"Date", "DateUTC", "From", "MessageText", "ReceivedID",
		"ReceivedTimeLocal", "ReceivedTimeUTC", "ReceivedTimeUTC_RFC3339", "Timezone"})
	equal(t, "reply values", []any{replies[0]["From"], replies[0]["MessageText"], replies[0]["Date"], replies[0]["DateUTC"],
		replies[0]["ReceivedTimeLocal"], replies[0]["ReceivedTimeUTC_RFC3339"], replies[0]["Timezone"]},
		[]any{"+61421000001", "YES", "2025-12-01 12:02:00", "2025-12-01 01:02:00", "2025-12-01 12:02:00", "2025-12-01T01:02:00.000Z", "AUS Eastern"})
	equal(t, "other recipients have empty SMSReplies", [][]map[string]any{arr(t, rs[1], "SMSReplies"), arr(t, rs[2], "SMSReplies")}, [][]map[string]any{{}, {}})
	equal(t, "reply document has the status members", []any{doc["Status"], doc["MessageID"], rs[0]["MessageText"]}, []any{"Completed", "m1", "Are you on call?"})
	if _, has := recipients(t, h.status("m1"))[0]["SMSReplies"]; has {
		t.Error("status document carries SMSReplies")
	}
	m2, _ := h.srv.Message("m2")
	equal(t, "Go API replies", len(m2.Recipients[0].Replies), 1)
	equal(t, "Go API reply", []string{m2.Recipients[0].Replies[0].MessageText, m2.Recipients[0].Replies[0].ContactID}, []string{"ACK", ann.ContactID})
	m1, _ := h.srv.Message("m1")
	equal(t, "reply ContactID", m1.Recipients[0].Replies[0].ContactID, ann.ContactID)

	// Received: all three, oldest first.
	all := h.srv.ReceivedSMS()
	equal(t, "ReceivedSMS", []string{all[0].MessageText, all[1].MessageText, all[2].MessageText}, []string{"ACK", "YES", "Hello?"})
	list := h.ok("GET", "/api/v2.04/get/sms/received", "")
	msgs := arr(t, list, "Messages")
	equal(t, "received texts", pluck(msgs, "MessageText"), []string{"ACK", "YES", "Hello?"})
	equal(t, "received members", sortedKeys(msgs[0]), []string{"Account", "ContactID", "Date", "DateUTC", "Department", "From", "ID",
		"JobNum", "MessageID", "MessageText", "ReceivedID", "ReceivedTimeLocal", "ReceivedTimeUTC", "ReceivedTimeUTC_RFC3339", "SubAccount", "Timezone"})
	equal(t, "received links", []any{msgs[0]["MessageID"], msgs[0]["JobNum"], msgs[0]["ID"], msgs[2]["MessageID"], msgs[2]["JobNum"], msgs[2]["ContactID"]},
		[]any{"m2", m2.JobNum, 1.0, "", "", h.srv.Contacts()[1].ContactID})

	// More than 7 days after delivery: a new inbound message.
	h.clock.Advance(7*24*time.Hour - time.Minute)
	got, _ = h.srv.Inbound("+61421000001", "just in time", "")
	equal(t, "exactly 7 days after m2", got.MessageID, "m2")
	h.clock.Advance(time.Second)
	got, _ = h.srv.Inbound("+61421000001", "late", "")
	equal(t, "7 days and a second after m2", got.Type, "SMSInbound")
	got, err = h.srv.Inbound("+61421000001", "late", "m2")
	equal(t, "late with reply_to", []any{got.Type, err}, []any{"SMSInbound", nil})
}

func TestSenderE164(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"+61421000001", "+61421000001", true},
		{" +61 (421) 000-001 ", "+61421000001", true},
		{"0421 000 001", "+61421000001", true},     // AU national: the account is in AU
		{"61421000001", "+61421000001", true},      // country code without the +
		{"0061 421 000 001", "+61421000001", true}, // 00 international prefix
		{"0011 64 21 444 889", "+6421444889", true},
		{"+64.21.444.889", "+6421444889", true},
		{"", "", false},
		{"ACK", "", false},
		{"+61 42", "", false},
		{"+0421000001", "", false},
		{"+61 421 000 001 ext 2", "", false},
		{"+1234567890123456", "", false}, // 16 digits
	} {
		got, ok := mockapi.SenderE164(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("senderE164(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
