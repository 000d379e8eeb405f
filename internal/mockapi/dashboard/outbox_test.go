package dashboard_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// rosterEnv is a mock holding a small roster: Ann and Bob in Ops, Cy
// without a group.
type rosterEnv struct {
	*env
	ann, bob, cy, ops string
}

func roster(t *testing.T, opts mockapi.Options) rosterEnv {
	e := start(t, opts)
	r := rosterEnv{env: e}
	r.ann = e.contact(`{"FirstName":"Ann","LastName":"Lee","MobilePhone":"+61421000001","Custom1":"Mon"}`)
	r.bob = e.contact(`{"FirstName":"Bob","LastName":"Ng","MobilePhone":"+61421000002","Custom1":"Tue"}`)
	r.cy = e.contact(`{"Attention":"Cy","MobilePhone":"+61421000003"}`)
	r.ops = e.group(`{"GroupName":"Ops Team"}`)
	for _, c := range []string{r.ann, r.bob} {
		e.api("POST", "addressbook/group/"+r.ops+"/contact", `{"ContactID":"`+c+`"}`)
	}
	return r
}

// TestOutboxShowsEveryMessageWithItsRecipients: newest first, each message
// with its API, reference, destinations as sent and every resolved
// recipient with the text it was sent, encoding, parts and status —
// delivered, failed and why, pending, scheduled, aborted, test mode — for
// REST v2.03 and v2.04 and the gateway.
func TestOutboxShowsEveryMessageWithItsRecipients(t *testing.T) {
	r := roster(t, mockapi.Options{DeliveryDelay: 2 * time.Second})
	e := r.env

	// 1. v2.04 to the group, a contact and two numbers: personalised, one
	// number invalid; delivered after the delay.
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"shift-1","Reference":"roster change","Message":"Hi [[First Name]], on call [[Custom1]]",`+
		`"Destinations":[{"GroupCode":"Ops_Team"},{"ContactID":"`+r.cy+`"},{"Recipient":"+61421000009","First Name":"Dee"},{"Recipient":"0421"}]}}`)
	e.clock.Advance(3 * time.Second)
	// 2. v2.03 in test mode, a text that needs UCS-2 and 2 parts.
	long := strings.Repeat("☎", 71)
	if status, raw := e.call("POST", "/api/v2.03/send/sms", `{"MessageData":{"MessageID":"test-1","Mode":"Test","Message":"`+long+`",`+
		`"Destinations":[{"Recipient":"+61421000004"}]}}`); status != 200 {
		t.Fatalf("v2.03 send: %d %s", status, raw)
	}
	e.clock.Advance(time.Second)
	// 3. scheduled for tomorrow, and 4. scheduled then aborted.
	sendAt := e.clock.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"later-1","Message":"Later","SendTime":"`+sendAt+`","Destinations":[{"Recipient":"+61421000005"}]}}`)
	e.clock.Advance(time.Second)
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"abort-1","Message":"Never","SendTime":"`+sendAt+`","Destinations":[{"Recipient":"+61421000006"}]}}`)
	e.api("PATCH", "set/abort/abort-1", `{}`)
	e.clock.Advance(time.Second)
	// 5. pending: sent now, delivered in 2 s.
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"now-1","Message":"Now","Destinations":[{"Recipient":"+61421000007"}]}}`)
	e.clock.Advance(time.Second)
	// 6. the gateway: one number still on its way (sent), one failed at once.
	e.gateway("action", "send_sms", "message", "Gateway hello", "recipients", "08086689567,08086680000", "sender_id", "OPS")

	pg := e.ok("/")
	var ids []string
	for _, n := range all(pg.doc, withAttr("data-message-id")) {
		v, _ := attr(n, "data-message-id")
		ids = append(ids, v)
	}
	batch := e.mock.GatewaySMS()[0].BatchID
	if want := []string{batch, "now-1", "abort-1", "later-1", "test-1", "shift-1"}; strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Fatalf("messages in the outbox: %v, want %v (newest first)", ids, want)
	}
	messages := all(pg.doc, withAttr("data-message-id"))
	article := func(i int) page { return page{doc: messages[i]} }

	shift := article(5)
	shift.contains(t, "message shift-1", "REST v2.04", "completed", "roster change", "Hi [[First Name]], on call [[Custom1]]",
		"group Ops Team Ops_Team", "contact Cy "+r.cy, "number +61421000009 First Name: Dee", "number 0421",
		"5 recipients · 4 delivered · 1 failed")
	wantRows := []string{
		"00000001 +61421000001 Ann Lee via Ops Team Hi Ann, on call Mon GSM-7, 19 chars 1 delivered",
		"00000002 +61421000002 Bob Ng via Ops Team Hi Bob, on call Tue GSM-7, 19 chars 1 delivered",
		"00000003 +61421000003 Cy Hi , on call GSM-7, 13 chars 1 delivered",
		"00000004 +61421000009 Dee Hi Dee, on call GSM-7, 16 chars 1 delivered",
		"00000005 0421 Hi , on call GSM-7, 13 chars 1 failed Invalid number",
	}
	checkRows(t, "shift-1", shift.rows("data-recipient"), wantRows)

	article(4).contains(t, "message test-1", "REST v2.03", "test mode", "+61421000004", "UCS-2, 71 chars 2 test mode not sent")
	article(3).contains(t, "message later-1", "scheduled", "Send at", "+61421000005 Later GSM-7, 5 chars 1 scheduled for")
	article(2).contains(t, "message abort-1", "aborted", "+61421000006 Never GSM-7, 5 chars 1 aborted")
	article(1).contains(t, "message now-1", "pending", "+61421000007 Now GSM-7, 3 chars 1 pending")
	gw := article(0)
	gw.contains(t, "gateway batch", "gateway api_v1", "From OPS", "Gateway hello", "2 recipients")
	gwRows := gw.rows("data-recipient")
	if len(gwRows) != 2 || !strings.Contains(gwRows[0], "2348086689567 Gateway hello GSM-7, 13 chars 1") ||
		!strings.Contains(gwRows[1], "2348086680000 Gateway hello GSM-7, 13 chars 1 failed") {
		t.Errorf("gateway recipients: %q", gwRows)
	}

	// Time alone moves the statuses on: now-1 is delivered, later-1 starts
	// at its time.
	e.clock.Advance(25 * time.Hour)
	pg = e.ok("/")
	messages = all(pg.doc, withAttr("data-message-id"))
	article(1).contains(t, "message now-1 later", "completed", "+61421000007 Now GSM-7, 3 chars 1 delivered")
	article(3).contains(t, "message later-1 later", "completed", "+61421000005 Later GSM-7, 5 chars 1 delivered")
	article(0).contains(t, "gateway batch later", "2348086689567 Gateway hello GSM-7, 13 chars 1 delivered")
}

func checkRows(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d rows, want %d:\n%s", what, len(got), len(want), strings.Join(got, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("%s row %d:\n got %q\nwant %q…", what, i+1, got[i], want[i])
		}
	}
}

// TestOutboxPages: 50 messages a page, newest first, with links between
// the pages.
func TestOutboxPages(t *testing.T) {
	e := start(t, mockapi.Options{})
	for i := range 51 {
		e.api("POST", "send/sms", fmt.Sprintf(`{"MessageData":{"MessageID":"m-%02d","Message":"n","Destinations":[{"Recipient":"+61421000001"}]}}`, i))
		e.clock.Advance(time.Second)
	}
	first := e.ok("/")
	if n := len(all(first.doc, withAttr("data-message-id"))); n != 50 {
		t.Errorf("page 1 shows %d messages", n)
	}
	first.contains(t, "page 1", "page 1 of 2 (51 in all)", "Older")
	second := e.ok("/?page=2")
	got := all(second.doc, withAttr("data-message-id"))
	if v, _ := attr(got[0], "data-message-id"); len(got) != 1 || v != "m-00" {
		t.Errorf("page 2 shows %d messages, the first %q", len(got), v)
	}
	second.contains(t, "page 2", "Newer", "page 2 of 2")
	if out := e.ok("/?page=99"); len(all(out.doc, withAttr("data-message-id"))) != 1 {
		t.Errorf("a page past the end does not show the last page")
	}
}

// TestPhoneView: one message as a recipient sees it — the personalised
// text in a bubble, encoding and parts, the replies — with the other
// recipients listed and, for a delivered REST recipient, a reply form
// marked as changing state.
func TestPhoneView(t *testing.T) {
	r := roster(t, mockapi.Options{})
	e := r.env
	e.api("POST", "send/sms", `{"MessageData":{"MessageID":"shift-1","FromNumber":"+61400000000","Message":"Hi [[First Name]] 👋",`+
		`"Destinations":[{"GroupID":"`+r.ops+`"}]}}`)
	e.clock.Advance(time.Minute)
	if status, raw := e.call("POST", "/_mock/inbound", `{"from":"+61421000002","message":"ACK from Bob"}`); status != 200 {
		t.Fatalf("inbound: %d %s", status, raw)
	}
	job := e.mock.Messages()[0].JobNum

	ann := e.ok("/ui/outbox/rest/" + job)
	if bubbles := all(ann.doc, withAttr("data-phone-text")); len(bubbles) != 1 || textOf(bubbles[0]) != "Hi Ann 👋" {
		t.Errorf("Ann's phone shows %q", ann.rows("data-phone-text"))
	}
	ann.contains(t, "Ann's view", "+61400000000", "to +61421000001 (Ann Lee)", "UCS-2 · 8 chars · 1 part · delivered",
		"2 recipients", "+61421000002 Bob Ng delivered", "Reply from +61421000001", "Changes the mock's state")
	bob := e.ok("/ui/outbox/rest/" + job + "?to=00000002")
	bob.contains(t, "Bob's view", "Hi Bob 👋", "ACK from Bob", "reply ·")
	form := all(bob.doc, withAttr("data-inbound"))
	if len(form) != 1 {
		t.Fatalf("Bob's view has %d reply forms", len(form))
	}
	hidden := map[string]string{}
	for _, in := range all(form[0], withAttr("type", "hidden")) {
		name, _ := attr(in, "name")
		hidden[name], _ = attr(in, "value")
	}
	if hidden["from"] != "+61421000002" || hidden["reply_to"] != "shift-1" {
		t.Errorf("reply form fields %v", hidden)
	}

	e.gateway("action", "send_sms", "message", "Gateway", "recipients", "08086689567")
	gw := e.ok("/ui/outbox/gateway/" + e.mock.GatewaySMS()[0].BatchID)
	gw.contains(t, "gateway view", "Gateway", "to 2348086689567", "BestSMS")
	if len(all(gw.doc, withAttr("data-inbound"))) != 0 {
		t.Error("a gateway message offers a reply form, which the mock cannot link to it")
	}
}
