package mockapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

const sendPath = "/api/v2.04/send/sms"

// send posts {"MessageData": md} and returns the MessageID.
func (h *harness) send(md string) string {
	h.t.Helper()
	b := h.ok("POST", sendPath, `{"MessageData":`+md+`}`)
	equal(h.t, "send answer members", sortedKeys(b), []string{"MessageID", "Result"})
	id, _ := b["MessageID"].(string)
	if id == "" {
		h.t.Fatalf("send answered no MessageID: %v", b)
	}
	return id
}

// failID calls and requires the status and a failure envelope with one
// message containing want and the given MessageID.
func (h *harness) failID(status int, want, id, method, path, body string) response {
	h.t.Helper()
	r := h.call(method, path, body)
	if r.status != status {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.raw)
	}
	msgs, _ := r.body["ErrorMessage"].([]any)
	if r.body["Result"] != "Failed" || len(msgs) != 1 || r.body["MessageID"] != id || len(r.body) != 3 {
		h.t.Fatalf("%s %s: body %s, want Result Failed, one ErrorMessage and MessageID %q", method, path, r.raw, id)
	}
	if msg, _ := msgs[0].(string); !strings.Contains(msg, want) {
		h.t.Fatalf("%s %s: ErrorMessage %q does not contain %q", method, path, msg, want)
	}
	return r
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// status fetches get/status/{id}.
func (h *harness) status(id string, query ...string) map[string]any {
	h.t.Helper()
	p := "/api/v2.04/get/status/" + id
	if len(query) > 0 {
		p += "?" + query[0]
	}
	return h.ok("GET", p, "")
}

func recipients(t *testing.T, doc map[string]any) []map[string]any {
	t.Helper()
	return arr(t, doc, "Recipients")
}

func TestSendValidationErrors(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.PutContact(Contact{ContactID: "c-nomobile", Attention: "No Mobile"})
	g := h.srv.PutGroup(Group{GroupName: "Empty Group"})
	if err := h.srv.AddMember(g.GroupID, "c-nomobile"); err != nil {
		t.Fatal(err)
	}
	const dest = `"Destinations":[{"Recipient":"+61421000001"}]`
	cases := []struct {
		name, body, msg, id string
	}{
		{"no MessageData", `{}`, errMissingMessageData, ""},
		{"null MessageData", `{"MessageData":null}`, errMissingMessageData, ""},
		{"empty MessageData", `{"MessageData":{}}`, errMissingMessageData, ""},
		{"string MessageData", `{"MessageData":"hi"}`, errMissingMessageData, ""},
		{"no body", ``, errMissingMessageData, ""},
		{"MessageID too long", `{"MessageData":{"MessageID":"` + strings.Repeat("a", 41) + `","Message":"hi",` + dest + `}}`,
			errInvalidMessageID, strings.Repeat("a", 41)},
		{"MessageID with underscore", `{"MessageData":{"MessageID":"id_1","Message":"hi",` + dest + `}}`, errInvalidMessageID, "id_1"},
		{"no Destinations", `{"MessageData":{"MessageID":"m1","Message":"hi"}}`, errMissingDests, "m1"},
		{"empty Destinations", `{"MessageData":{"Message":"hi","Destinations":[]}}`, errMissingDests, ""},
		{"null Destinations", `{"MessageData":{"Message":"hi","Destinations":null}}`, errMissingDests, ""},
		{"object Destinations", `{"MessageData":{"Message":"hi","Destinations":{"Recipient":"+61421000001"}}}`, errMissingDests, ""},
		{"no Message", `{"MessageData":{"MessageID":"m2",` + dest + `}}`, errMissingMessage, "m2"},
		{"blank Message", `{"MessageData":{"Message":"  ",` + dest + `}}`, errMissingMessage, ""},
		{"null Message", `{"MessageData":{"Message":null,` + dest + `}}`, errMissingMessage, ""},
		{"http webhook", `{"MessageData":{"MessageID":"m3","Message":"hi","WebhookCallbackURL":"http://example.com/hook",` + dest + `}}`,
			errWebhookHTTPS, "m3"},
		{"http loopback webhook without AllowHTTPWebhooks", `{"MessageData":{"Message":"hi","WebhookCallbackURL":"http://127.0.0.1:9/hook",` + dest + `}}`,
			errWebhookHTTPS, ""},
		{"ftp webhook", `{"MessageData":{"Message":"hi","WebhookCallbackURL":"ftp://example.com",` + dest + `}}`, errWebhookHTTPS, ""},
		{"no valid destination: empty recipient", `{"MessageData":{"MessageID":"m4","Message":"hi","Destinations":[{"Recipient":""},{}]}}`,
			errNoValidDests, "m4"},
		{"no valid destination: unknown ids", `{"MessageData":{"Message":"hi","Destinations":[{"ContactID":"nope"},{"GroupID":"nope"},{"GroupCode":"nope"}]}}`,
			errNoValidDests, ""},
		{"no valid destination: contact without mobile", `{"MessageData":{"Message":"hi","Destinations":[{"ContactID":"c-nomobile"}]}}`,
			errNoValidDests, ""},
		{"no valid destination: group without mobiles", `{"MessageData":{"Message":"hi","Destinations":[{"GroupID":"` + g.GroupID + `"}]}}`,
			errNoValidDests, ""},
	}
	for _, c := range cases {
		r := h.failID(http.StatusBadRequest, c.msg, c.id, "POST", sendPath, c.body)
		equal(t, c.name+": ErrorMessage", r.body["ErrorMessage"], []any{c.msg})
	}
	// The same texts on v2.03.
	h.failID(http.StatusBadRequest, errMissingDests, "", "POST", "/api/v2.03/send/sms", `{"MessageData":{"Message":"hi"}}`)

	// Further checks with clear messages.
	for _, c := range []struct{ body, want string }{
		{`{"MessageData":{"Message":"hi","SendTime":"tomorrow",` + dest + `}}`, `Invalid SendTime "tomorrow"`},
		{`{"MessageData":{"Message":"hi","SendTime":"2025-13-01 10:00",` + dest + `}}`, `Invalid SendTime`},
		{`{"MessageData":{"Message":"hi","TimeZone":"Mars Central",` + dest + `}}`, `Unknown TimeZone "Mars Central"`},
		{`{"MessageData":{"Message":"hi","TimeZone":"Local",` + dest + `}}`, `Unknown TimeZone`},
		{`{"MessageData":{"Message":"hi","WebhookCallbackURL":"https://example.com/h","WebhookCallbackFormat":"YAML",` + dest + `}}`,
			`WebhookCallbackFormat must be JSON or XML`},
		{`{"MessageData":{"Message":"hi","Mode":"Live",` + dest + `}}`, `Mode must be Test or empty`},
		{`{"MessageData":{"Message":"hi","CharacterConversion":"maybe",` + dest + `}}`, `CharacterConversion must be a boolean`},
		{`{"MessageData":{"Message":{"text":"hi"},` + dest + `}}`, `Message must be a string`},
	} {
		h.failID(http.StatusBadRequest, c.want, "", "POST", sendPath, c.body)
	}
	equal(t, "messages after failed sends", len(h.srv.Messages()), 0)

	// A 40-character id with dashes is fine.
	id := strings.Repeat("Ab-9", 10)
	equal(t, "40-char id", h.send(`{"MessageID":"`+id+`","Message":"hi",`+dest+`}`), id)
}

// py24Send is the MessageData PY24 produces (contributing/wire-protocol.md §6.5): every member, unset ones
// null, Files [] and CharacterConversion false; a typed recipient with
// every model member.
const py24Send = `{"ReportTo": null, "WebhookCallbackURL": null, "WebhookCallbackFormat": null,
 "MessageID": null, "Reference": null, "SendTime": null, "TimeZone": null,
 "SubAccount": null, "Department": null, "ChargeCode": null,
 "Destinations": [{"Recipient": "+61400000001"},
   {"Recipient": null, "Attention": null, "Company": null, "FirstName": null, "LastName": null,
    "MobileNumber": null, "FaxNumber": null, "PhoneNumber": null, "EmailAddress": null,
    "ContactID": "c1", "GroupID": null, "Custom1": null}],
 "FromNumber": null, "SMSEmailReply": null, "CharacterConversion": false,
 "Message": "hi", "Files": [], "Mode": "Test"}`

func TestSendSDKBodies(t *testing.T) {
	h := newHarness(t, Options{DeliveryDelay: time.Minute})
	h.srv.PutContact(Contact{ContactID: "c1", Attention: "Cee One", MobilePhone: "+61 421 000 002"})

	// PY24.
	id := h.send(py24Send)
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(id) {
		t.Fatalf("generated MessageID %q is not a UUID v4", id)
	}
	m, ok := h.srv.Message(id)
	if !ok {
		t.Fatal("message not stored")
	}
	equal(t, "PY24 status", m.Status, "Completed")
	equal(t, "PY24 mode", m.Mode, "Test")
	equal(t, "PY24 text", m.Text, "hi")
	equal(t, "PY24 CharacterConversion", m.CharacterConversion, false)
	equal(t, "PY24 destinations as received", m.Destinations[0], map[string]any{"Recipient": "+61400000001"})
	equal(t, "PY24 second destination keeps nulls", m.Destinations[1]["GroupID"], nil)
	equal(t, "PY24 second destination ContactID", m.Destinations[1]["ContactID"], "c1")
	var raw map[string]any
	if err := json.Unmarshal(m.Raw, &raw); err != nil || raw["Files"] == nil || raw["ReportTo"] != nil {
		t.Fatalf("Raw = %s (%v)", m.Raw, err)
	}
	equal(t, "PY24 recipients", []string{m.Recipients[0].Destination, m.Recipients[1].Destination}, []string{"+61400000001", "+61421000002"})
	equal(t, "PY24 contact recipient", []string{m.Recipients[1].ContactID, m.Recipients[1].Attention}, []string{"c1", "Cee One"})
	for _, r := range m.Recipients {
		equal(t, "Test-mode recipient", []any{r.Status, r.Result, r.Price, r.SentTime}, []any{"Success", resultTestMode, 0.0, t0})
	}

	// NJ24: unset members omitted, a stray HTTPMethod, the v2.03 path.
	b := h.ok("POST", "/api/v2.03/send/sms", `{"MessageData":{"Destinations":[{"Recipient":"+61421000003"}],"MessageID":"NJ-1",
		"CharacterConversion":true,"Message":"hi","Files":[],"SendTime":"2025-12-01T11:00"},"HTTPMethod":"POST"}`,
		"User-Agent: tnzapi-nodejs")
	equal(t, "NJ24 answer", b, map[string]any{"Result": "Success", "MessageID": "NJ-1"})
	m, _ = h.srv.Message("nj-1") // ids compare ignoring case
	equal(t, "NJ24 status (past SendTime sends now)", m.Status, "Pending")
	equal(t, "NJ24 SendAt", m.SendAt, time.Time{})
	equal(t, "NJ24 SendTime", m.SendTime, "2025-12-01T11:00")
	equal(t, "NJ24 CharacterConversion", m.CharacterConversion, true)

	// Every stored field comes back.
	h.send(`{"MessageID":"full","Message":"Hello","Reference":"ref","SubAccount":"sa","Department":"dep","ChargeCode":"cc",
		"FromNumber":"61421999999","SMSEmailReply":"r@example.com","ErrorEmailNotify":"e@example.com",
		"WebhookCallbackURL":"https://example.com/hook","WebhookCallbackFormat":"xml","TimeZone":"New Zealand",
		"Destinations":[{"Recipient":"+61421000004"}]}`)
	m, _ = h.srv.Message("full")
	equal(t, "stored fields", []string{m.Reference, m.SubAccount, m.Department, m.ChargeCode, m.FromNumber, m.SMSEmailReply,
		m.ReportTo, m.WebhookCallbackURL, m.WebhookCallbackFormat, m.TimeZone},
		[]string{"ref", "sa", "dep", "cc", "61421999999", "r@example.com", "e@example.com", "https://example.com/hook", "XML", "New Zealand"})
	equal(t, "JobNum", regexp.MustCompile(`^[0-9A-Z]{8}$`).MatchString(m.JobNum), true)
	equal(t, "Created", m.Created, t0)
}

func TestSendDestinationForms(t *testing.T) {
	h := newHarness(t, Options{})
	ann := h.srv.PutContact(Contact{Attention: "Ann", Company: "Acme", FirstName: "Ann", LastName: "Lee",
		MobilePhone: "+61421000011", Custom1: "gold", Custom4: "c4"})
	bob := h.srv.PutContact(Contact{Attention: "Bob", MobilePhone: "+61421000012"})
	nomob := h.srv.PutContact(Contact{Attention: "No Mobile", MainPhone: "+61299999999"})
	g := h.srv.PutGroup(Group{GroupName: "On Call"})
	for _, c := range []string{ann.ContactID, nomob.ContactID, bob.ContactID} {
		if err := h.srv.AddMember(g.GroupID, c); err != nil {
			t.Fatal(err)
		}
	}
	id := h.send(`{"Message":"Hi [[Attention]] of [[Company]] ([[First Name]] [[LastName]]) [[Custom1]] [[custom9]] [[Reply]]",
		"Destinations":[
		{"Recipient":"+61 421 000 001","Attention":"Zed","Company":"Zco","First Name":"Z","Last Name":"Ed","Custom1":"x","Custom9":"nine"},
		{"Recipient":"+61421000002","FirstName":"Py","LastName":"Model"},
		{"ContactID":"` + ann.ContactID + `","Custom1":"override"},
		{"ContactID":"` + nomob.ContactID + `"},
		{"ContactID":"unknown"},
		{"GroupID":"` + g.GroupID + `"},
		{"GroupCode":"On_Call"},
		{"GroupID":"On_Call"},
		{"GroupCode":"unknown"},
		"+61400000000",
		{"Recipient":"+61421000001"}]}`)
	m, _ := h.srv.Message(id)
	type row struct{ seq, dest, contact, group, att, first, last, c1 string }
	var got []row
	for _, r := range m.Recipients {
		got = append(got, row{r.DestSeq, r.Destination, r.ContactID, r.GroupID, r.Attention, r.FirstName, r.LastName, r.Custom[0]})
	}
	a, b, gid := ann.ContactID, bob.ContactID, g.GroupID
	want := []row{
		{"00000001", "+61421000001", "", "", "Zed", "Z", "Ed", "x"},
		{"00000002", "+61421000002", "", "", "", "Py", "Model", ""},
		{"00000003", "+61421000011", a, "", "Ann", "Ann", "Lee", "override"},
		{"00000004", "+61421000011", a, gid, "Ann", "Ann", "Lee", "gold"},
		{"00000005", "+61421000012", b, gid, "Bob", "", "", ""},
		{"00000006", "+61421000011", a, gid, "Ann", "Ann", "Lee", "gold"},
		{"00000007", "+61421000012", b, gid, "Bob", "", "", ""},
		{"00000008", "+61421000011", a, gid, "Ann", "Ann", "Lee", "gold"},
		{"00000009", "+61421000012", b, gid, "Bob", "", "", ""},
		{"00000010", "+61421000001", "", "", "", "", "", ""},
	}
	equal(t, "expanded recipients (duplicates kept)", got, want)
	equal(t, "destinations as received (objects only)", len(m.Destinations), 10)

	doc := h.status(id)
	rs := recipients(t, doc)
	equal(t, "personalised MessageText", rs[0]["MessageText"], "Hi Zed of Zco (Z Ed) x nine [[Reply]]")
	equal(t, "contact MessageText", rs[2]["MessageText"], "Hi Ann of Acme (Ann Lee) override  [[Reply]]")
	equal(t, "recipient echo", []any{rs[3]["ContactID"], rs[3]["GroupID"], rs[3]["Company"], rs[3]["Custom1"], rs[3]["Custom4"], rs[0]["Custom9"]},
		[]any{a, gid, "Acme", "gold", "c4", "nine"})
	equal(t, "Count", doc["Count"], 10.0)
}

func TestTestModeCompletesAtOnce(t *testing.T) {
	h := newHarness(t, Options{DeliveryDelay: time.Hour})
	id := h.send(`{"Mode":"Test","SendTime":"2030-01-01 10:00","Message":"hi",
		"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"},{"Recipient":"bogus"}]}`)
	doc := h.status(id)
	equal(t, "status", doc["Status"], "Completed")
	equal(t, "counts", []any{doc["Count"], doc["Complete"], doc["Success"], doc["Failed"], doc["Price"]}, []any{3.0, 3.0, 3.0, 0.0, 0.0})
	for _, r := range recipients(t, doc) {
		equal(t, "recipient", []any{r["Status"], r["Result"], r["Price"], r["SentTimeUTC"]},
			[]any{"Success", "Test mode - not sent", 0.0, "2025-12-01 01:00:00"})
	}
	equal(t, "Delayed = Created for an undelayed message", doc["DelayedTimeUTC"], doc["CreatedTimeUTC"])
}

func TestLifecycleDelayedPendingCompleted(t *testing.T) {
	h := newHarness(t, Options{DeliveryDelay: time.Minute})
	long := strings.Repeat("x", 170) // two GSM-7 parts
	// 15:30 in New Zealand (NZDT, +13) is 02:30 UTC, 90 minutes after t0.
	id := h.send(`{"MessageID":"later","Message":"` + long + `","SendTime":"2025-12-01 15:30","TimeZone":"New Zealand",
		"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"},{"Recipient":"0421000001"},{"Recipient":"+61 421 000 002"}]}`)
	doc := h.status(id)
	equal(t, "status", doc["Status"], "Delayed")
	equal(t, "delayed stamps", []any{doc["Delayed"], doc["DelayedUTC"], doc["DelayedTimeLocal"], doc["DelayedTimeUTC"], doc["DelayedTimeUTC_RFC3339"]},
		[]any{"2025-12-01T13:30:00", "2025-12-01T02:30:00", "2025-12-01 13:30:00", "2025-12-01 02:30:00", "2025-12-01T02:30:00.000Z"})
	equal(t, "created stamps", []any{doc["Created"], doc["CreatedUTC"], doc["CreatedTimeLocal"], doc["CreatedTimeUTC"], doc["CreatedTimeUTC_RFC3339"]},
		[]any{"2025-12-01T12:00:00", "2025-12-01T01:00:00", "2025-12-01 12:00:00", "2025-12-01 01:00:00", "2025-12-01T01:00:00.000Z"})
	equal(t, "Timezone", doc["Timezone"], "AUS Eastern")
	for _, r := range recipients(t, doc) {
		equal(t, "delayed recipient", []any{r["Status"], r["Result"], r["SentTimeUTC"], r["SentDate"]}, []any{"Pending", "Pending", "", ""})
	}
	m, _ := h.srv.Message(id)
	equal(t, "SendAt", m.SendAt, t0.Add(90*time.Minute))

	h.clock.Advance(90*time.Minute - time.Second)
	equal(t, "a second before SendTime", h.status(id)["Status"], "Delayed")
	h.clock.Advance(time.Second)
	equal(t, "at SendTime", h.status(id)["Status"], "Pending")
	h.clock.Advance(time.Minute - time.Second)
	equal(t, "just before the delivery delay", h.status(id)["Status"], "Pending")
	h.clock.Advance(time.Second)
	doc = h.status(id)
	equal(t, "completed", doc["Status"], "Completed")
	equal(t, "counts", []any{doc["Count"], doc["Complete"], doc["Success"], doc["Failed"], doc["Price"]}, []any{4.0, 4.0, 2.0, 2.0, 0.4})
	type row struct {
		status, result string
		price, parts   float64
		sent, sentDate string
	}
	var got []row
	for _, r := range recipients(t, doc) {
		price, _ := r["Price"].(float64)
		parts, _ := r["SMSParts"].(float64)
		got = append(got, row{str(t, r, "Status"), str(t, r, "Result"), price, parts, str(t, r, "SentTimeLocal"), str(t, r, "SentDateUTC")})
	}
	equal(t, "recipients", got, []row{
		{"Success", "delivered", 0.2, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Failed", "Invalid number", 0, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Failed", "Invalid number", 0, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
		{"Success", "delivered", 0.2, 2, "2025-12-01 13:31:00", "2025-12-01T02:31:00"},
	})
	m, _ = h.srv.Message(id)
	equal(t, "Go API status", m.Status, "Completed")
	equal(t, "Go API SentTime", m.Recipients[0].SentTime, t0.Add(91*time.Minute))
	equal(t, "Go API parts and price", []any{m.Recipients[0].Parts, m.Recipients[0].Price}, []any{2, 0.2})

	// Undelayed, DeliveryDelay 0 in another server: completed at once; a
	// UCS-2 text counts UCS-2 parts.
	h0 := newHarness(t, Options{})
	id = h0.send(`{"Message":"` + strings.Repeat("é€😀", 30) + `","Destinations":[{"Recipient":"+61421000001"}]}`)
	doc = h0.status(id)
	equal(t, "delay 0", []any{doc["Status"], recipients(t, doc)[0]["SMSParts"], doc["Price"]}, []any{"Completed", 2.0, 0.2})
}

func TestSendTimeLayoutsAndZones(t *testing.T) {
	h := newHarness(t, Options{})
	// t0 is 2025-12-01 01:00 UTC. Each SendTime means 03:00 UTC.
	for _, c := range []struct{ sendTime, zone string }{
		{"2025-12-01T14:00", ""}, // AEDT +11
		{"2025-12-01 14:00", "AUS Eastern"},
		{"2025-12-01 14:00:00", "AUS Eastern Standard Time"},
		{"2025-12-01T14:00:00.000", "Australia/Sydney"},
		{"2025-12-01 16:00", "New Zealand"},
		{"2025-12-01 13:00", "E. Australia"},    // AEST +10, no DST
		{"2025-12-01 11:00", "W. Australia"},    // AWST +8
		{"2025-12-01T13:30", "Cen. Australia"},  // ACDT +10:30
		{"2025-12-01 14:00", "Central Pacific"}, // +11
		{"2025-12-01T03:00:00Z", "New Zealand"}, // an offset wins over TimeZone
		{"2025-12-01T05:00:00+02:00", ""},       // RFC 3339 with offset
		{"2025-12-01T03:00:00.000Z", ""},        // NJ24's toISOString
		{"2025-12-01 03:00", "UTC"},             // IANA
		{"2025-12-01 14:00", "aus eastern"},     // any case
	} {
		id := h.send(fmt.Sprintf(`{"Message":"hi","SendTime":%q,"TimeZone":%q,"Destinations":[{"Recipient":"+61421000001"}]}`, c.sendTime, c.zone))
		m, _ := h.srv.Message(id)
		if !m.SendAt.Equal(time.Date(2025, 12, 1, 3, 0, 0, 0, time.UTC)) || m.Status != "Delayed" {
			t.Errorf("SendTime %q in %q: SendAt %v, status %s", c.sendTime, c.zone, m.SendAt, m.Status)
		}
	}
}

func TestActionsAbortRescheduleResubmit(t *testing.T) {
	h := newHarness(t, Options{DeliveryDelay: time.Minute})
	const dests = `"Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"}]`
	h.send(`{"MessageID":"d1","Message":"hi","SendTime":"2025-12-01 13:00",` + dests + `}`) // an hour after t0

	// Reschedule: SendTime required and parsed; past times send now.
	h.failID(http.StatusBadRequest, "Missing SendTime", "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{}`)
	h.failID(http.StatusBadRequest, `Invalid SendTime "soon"`, "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"soon"}`)
	b := h.ok("PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"2025-12-01T14:00:00","HTTPMethod":"PATCH"}`)
	equal(t, "reschedule answer", b, map[string]any{"Result": "Success", "MessageID": "d1", "Status": "Delayed", "JobNum": b["JobNum"], "Action": "Reschedule"})
	m, _ := h.srv.Message("d1")
	equal(t, "rescheduled", []any{m.Status, m.SendAt, m.SendTime}, []any{"Delayed", t0.Add(2 * time.Hour), "2025-12-01T14:00:00"})
	equal(t, "status DelayedTimeLocal", h.status("d1")["DelayedTimeLocal"], "2025-12-01 14:00:00")

	// Abort (PY24 sends {}).
	b = h.ok("PATCH", "/api/v2.04/set/abort/d1", `{}`)
	equal(t, "abort answer", []any{b["Status"], b["Action"], b["MessageID"]}, []any{"Delayed", "Abort", "d1"})
	doc := h.status("d1")
	equal(t, "aborted status", doc["Status"], "Deleted")
	for _, r := range recipients(t, doc) {
		equal(t, "aborted recipient", []any{r["Status"], r["Result"], r["Price"], r["SentTimeUTC"]}, []any{"Failed", "Aborted", 0.0, ""})
	}
	equal(t, "aborted counts", []any{doc["Complete"], doc["Failed"]}, []any{2.0, 2.0})
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Deleted)", "d1", "PATCH", "/api/v2.04/set/abort/d1", "")
	h.clock.Advance(3 * time.Hour)
	equal(t, "aborted stays aborted", h.status("d1")["Status"], "Deleted")

	// Resubmit revives an aborted message: every aborted recipient is re-queued.
	b = h.ok("PATCH", "/api/v2.04/set/resubmit/d1", "")
	equal(t, "resubmit answer", []any{b["Status"], b["Action"]}, []any{"Deleted", "Resubmit"})
	equal(t, "resubmitted", h.status("d1")["Status"], "Pending")
	h.clock.Advance(time.Minute)
	doc = h.status("d1")
	equal(t, "after resubmit", []any{doc["Status"], doc["Success"], doc["Failed"]}, []any{"Completed", 1.0, 1.0})

	// Abort and reschedule refused on a Completed job (naming the status).
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Completed)", "d1", "PATCH", "/api/v2.04/set/abort/d1", "")
	h.failID(http.StatusBadRequest, "Message is not Delayed (status: Completed)", "d1", "PATCH", "/api/v2.04/set/reschedule/d1", `{"SendTime":"2030-01-01 10:00"}`)

	// Resubmit of the failed recipient (ending 0000) only, at a later time
	// given PY24-style; the invalid number fails again.
	b = h.ok("PATCH", "/api/v2.03/set/resubmit/d1", `{"SendTime":"2025-12-01T20:00:00"}`)
	equal(t, "resubmit status before", b["Status"], "Completed")
	doc = h.status("d1")
	rs := recipients(t, doc)
	equal(t, "resubmitted job", []any{doc["Status"], rs[0]["Status"], rs[1]["Status"], rs[1]["Result"]}, []any{"Delayed", "Success", "Pending", "Pending"})
	h.failID(http.StatusBadRequest, "Message has not completed yet (status: Delayed)", "d1", "PATCH", "/api/v2.04/set/resubmit/d1", "")
	h.clock.Advance(5 * time.Hour) // past 20:00 Sydney + 1 minute
	doc = h.status("d1")
	rs = recipients(t, doc)
	equal(t, "resubmitted recipient failed again", []any{doc["Status"], rs[1]["Status"], rs[1]["Result"], rs[1]["SentTimeLocal"]},
		[]any{"Completed", "Failed", "Invalid number", "2025-12-01 20:01:00"})

	// A message without failures cannot be resubmitted; nor can a pending one.
	h.send(`{"MessageID":"ok1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.failID(http.StatusBadRequest, "Message has not completed yet (status: Pending)", "ok1", "PATCH", "/api/v2.04/set/resubmit/ok1", `{"HTTPMethod":"PATCH"}`)
	h.clock.Advance(time.Minute)
	h.failID(http.StatusBadRequest, "Message has no Failed recipients to resubmit (status: Completed)", "ok1", "PATCH", "/api/v2.04/set/resubmit/ok1", "")

	// Reschedule into the past sends now.
	h.send(`{"MessageID":"d2","Message":"hi","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.ok("PATCH", "/api/v2.04/set/reschedule/d2", `{"SendTime":"2020-01-01 10:00"}`)
	equal(t, "rescheduled into the past", h.status("d2")["Status"], "Pending")

	// Unknown ids.
	for _, a := range []string{"resubmit", "reschedule", "abort"} {
		r := h.failID(http.StatusNotFound, errNotFound, "nope", "PATCH", "/api/v2.04/set/"+a+"/nope", `{"SendTime":"2030-01-01 10:00"}`)
		equal(t, a+" unknown id", r.body["ErrorMessage"], []any{"Message(s) NOT found"})
	}
	h.fail(http.StatusMethodNotAllowed, "not allowed", "POST", "/api/v2.04/set/abort/d2", `{}`)
}

func TestReusedMessageIDActsOnMostRecent(t *testing.T) {
	h := newHarness(t, Options{})
	h.send(`{"MessageID":"dup","Message":"first","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.send(`{"MessageID":"DUP","Message":"second","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000002"},{"Recipient":"+61421000003"}]}`)
	doc := h.status("dup")
	equal(t, "status of the most recent", []any{doc["MessageID"], doc["Status"], doc["Count"]}, []any{"DUP", "Delayed", 2.0})
	equal(t, "MessageText", recipients(t, doc)[0]["MessageText"], "second")
	h.ok("PATCH", "/api/v2.04/set/abort/dup", "")
	ms := h.srv.Messages()
	equal(t, "both kept, in order", []string{ms[0].Status, ms[1].Status}, []string{"Completed", "Deleted"})
	m, _ := h.srv.Message("dup")
	equal(t, "Message() is the most recent", m.Text, "second")
	// A third one with the same id is again the target.
	h.send(`{"MessageID":"dup","Message":"third","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000004"}]}`)
	b := h.ok("PATCH", "/api/v2.04/set/abort/dup", "")
	equal(t, "abort of the third", b["Status"], "Delayed")
	equal(t, "JobNums differ", len(map[string]bool{h.srv.Messages()[0].JobNum: true, h.srv.Messages()[1].JobNum: true, h.srv.Messages()[2].JobNum: true}), 3)
}

func TestStatusDocumentAndPaging(t *testing.T) {
	h := newHarness(t, Options{})
	var dests []string
	for i := 1; i <= 7; i++ {
		dests = append(dests, fmt.Sprintf(`{"Recipient":"+6142100000%d"}`, i))
	}
	id := h.send(`{"Message":"hi","Reference":"ref-1","SubAccount":"SA","Department":"D","Destinations":[` + strings.Join(dests, ",") + `]}`)
	doc := h.status(id)
	equal(t, "status members", sortedKeys(doc), []string{
		"Account", "Complete", "Count", "Created", "CreatedTimeLocal", "CreatedTimeUTC", "CreatedTimeUTC_RFC3339", "CreatedUTC",
		"Delayed", "DelayedTimeLocal", "DelayedTimeUTC", "DelayedTimeUTC_RFC3339", "DelayedUTC", "Department", "Failed",
		"JobNum", "MessageID", "Page", "PageCount", "Price", "Recipients", "RecordsPerPage", "Reference", "Result",
		"Status", "SubAccount", "Success", "Timezone", "TotalRecords"})
	m, _ := h.srv.Message(id)
	equal(t, "top level", []any{doc["MessageID"], doc["JobNum"], doc["Account"], doc["SubAccount"], doc["Department"], doc["Reference"]},
		[]any{id, m.JobNum, "100001", "SA", "D", "ref-1"})
	equal(t, "default paging", paging4(doc), [4]int{7, 100, 1, 1})
	r0 := recipients(t, doc)[0]
	equal(t, "recipient members", sortedKeys(r0), []string{
		"Attention", "Company", "ContactID", "Custom1", "Custom2", "Custom3", "Custom4", "Custom5", "Custom6", "Custom7", "Custom8", "Custom9",
		"DestSeq", "Destination", "GroupID", "MessageText", "Price", "RemoteID", "Result", "SMSParts",
		"SentDate", "SentDateUTC", "SentTimeLocal", "SentTimeUTC", "SentTimeUTC_RFC3339", "Status", "Type"})
	equal(t, "recipient values", []any{r0["Type"], r0["DestSeq"], r0["Destination"], r0["RemoteID"], r0["SentTimeUTC_RFC3339"], r0["Price"]},
		[]any{"Text", "00000001", "+61421000001", "", "2025-12-01T01:00:00.000Z", 0.1})

	// Three pages of three; NJ24's "/?" form; the totals cover every page.
	var seqs []string
	for page := 1; page <= 3; page++ {
		doc = h.ok("GET", fmt.Sprintf("/api/v2.04/get/status/%s/?recordsPerPage=3&page=%d", id, page), `{"HTTPMethod":"GET"}`)
		equal(t, fmt.Sprintf("page %d paging", page), paging4(doc), [4]int{7, 3, 3, page})
		equal(t, "Count on every page", []any{doc["Count"], doc["Success"], doc["Price"]}, []any{7.0, 7.0, 0.7})
		seqs = append(seqs, pluck(recipients(t, doc), "DestSeq")...)
	}
	equal(t, "DestSeqs over the pages", seqs, []string{"00000001", "00000002", "00000003", "00000004", "00000005", "00000006", "00000007"})
	doc = h.status(id, "RecordsPerPage=3&Page=4")
	equal(t, "past the end", len(recipients(t, doc)), 0)
	h.failID(http.StatusBadRequest, "page must be a positive integer", id, "GET", "/api/v2.04/get/status/"+id+"?page=0", "")

	// Unknown ids: 404 with the id echoed, on both versions and both reports.
	for _, p := range []string{"/api/v2.04/get/status/nope", "/api/v2.03/get/status/nope/", "/api/v2.04/get/sms/reply/nope"} {
		r := h.failID(http.StatusNotFound, errNotFound, "nope", "GET", p, "")
		equal(t, "ErrorMessage", r.body["ErrorMessage"], []any{"Message(s) NOT found"})
	}
}

func TestRepliesAndInbound(t *testing.T) {
	h := newHarness(t, Options{})
	ann := h.srv.PutContact(Contact{Attention: "Ann", MobilePhone: "+61421000001"})
	h.srv.PutContact(Contact{Attention: "Stranger", MobilePhone: "+61 421 000 099"})
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

func TestReceivedWindows(t *testing.T) {
	h := newHarness(t, Options{})
	// One SMS every 10 minutes from t0-100m to t0-10m (Sydney 10:20 … 11:50).
	h.clock.Advance(-100 * time.Minute)
	for i := range 10 {
		if _, err := h.srv.Inbound("+6142100010"+fmt.Sprint(i), fmt.Sprintf("sms %d", i), ""); err != nil {
			t.Fatal(err)
		}
		h.clock.Advance(10 * time.Minute)
	}
	texts := func(query string) []string {
		t.Helper()
		return pluck(arr(t, h.ok("GET", "/api/v2.04/get/sms/received"+query, ""), "Messages"), "MessageText")
	}
	equal(t, "default 1440 minutes", len(texts("")), 10)
	equal(t, "timePeriod=30", texts("?timePeriod=30"), []string{"sms 7", "sms 8", "sms 9"})
	equal(t, "TimePeriod (any case)", texts("?TimePeriod=20"), []string{"sms 8", "sms 9"})
	// dateFrom/dateTo in the account zone, inclusive; they win over timePeriod.
	equal(t, "dateFrom/dateTo", texts("?dateFrom=2025-12-01T10:40:00&dateTo=2025-12-01T11:00:00"), []string{"sms 2", "sms 3", "sms 4"})
	equal(t, "D003 spaced layout", texts("?dateFrom=2025-12-01%2010:40:00&dateTo=2025-12-01%2011:00:00&timePeriod=10"), []string{"sms 2", "sms 3", "sms 4"})
	equal(t, "dateFrom only", texts("?dateFrom=2025-12-01T11:40"), []string{"sms 8", "sms 9"})
	equal(t, "bare dateTo is the whole day", len(texts("?dateFrom=2025-12-01&dateTo=2025-12-01")), 10)
	equal(t, "previous day", len(texts("?dateTo=2025-11-30")), 0)
	equal(t, "RFC 3339 bounds", texts("?dateFrom=2025-11-30T23:40:00Z&dateTo=2025-11-30T23:50:00Z"), []string{"sms 2", "sms 3"})

	// Paging, oldest first.
	list := h.ok("GET", "/api/v2.04/get/sms/received?timePeriod=1440&recordsPerPage=4&page=3", "")
	equal(t, "paging", paging4(list), [4]int{10, 4, 3, 3})
	equal(t, "last page", pluck(arr(t, list, "Messages"), "MessageText"), []string{"sms 8", "sms 9"})
	list = h.ok("GET", "/api/v2.04/get/sms/received?timePeriod=1&page=1", "")
	equal(t, "empty window", []any{arr(t, list, "Messages"), paging4(list)}, []any{[]map[string]any{}, [4]int{0, 100, 0, 1}})

	h.fail(http.StatusBadRequest, "timePeriod must be a positive number", "GET", "/api/v2.04/get/sms/received?timePeriod=abc", "")
	h.fail(http.StatusBadRequest, `Invalid dateFrom "yesterday"`, "GET", "/api/v2.04/get/sms/received?dateFrom=yesterday", "")
	h.fail(http.StatusBadRequest, "dateTo must not be before dateFrom", "GET", "/api/v2.04/get/sms/received?dateFrom=2025-12-02&dateTo=2025-12-01", "")
}

func TestMessagesPersistAndReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StatePath: path, DeliveryDelay: time.Minute})
	h.srv.PutContact(Contact{ContactID: "c1", MobilePhone: "+61421000001", Attention: "Ann"})
	h.send(`{"MessageID":"p1","Message":"hi <&> [[Attention]]","Destinations":[{"ContactID":"c1","Custom2":"two"},{"Recipient":"+61421000000"}],
		"SendTime":"2025-12-01 13:00","TimeZone":"AUS Eastern"}`)
	h.send(`{"MessageID":"p2","Message":"now","Destinations":[{"Recipient":"+61421000002"}]}`)
	h.clock.Advance(2 * time.Hour)
	if _, err := h.srv.Inbound("+61421000002", "reply", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Inbound("+61421999999", "inbound", ""); err != nil {
		t.Fatal(err)
	}
	wantMsgs, wantRecv := h.srv.Messages(), h.srv.ReceivedSMS()

	srv2, err := New(Options{StatePath: path, Now: h.clock.Now, DeliveryDelay: time.Minute})
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	defer srv2.Close()
	gotMsgs, gotRecv := srv2.Messages(), srv2.ReceivedSMS()
	normalise := func(ms []Message) {
		for i := range ms {
			ms[i].Created, ms[i].SendAt = ms[i].Created.UTC(), ms[i].SendAt.UTC()
			for j := range ms[i].Recipients {
				ms[i].Recipients[j].SentTime = ms[i].Recipients[j].SentTime.UTC()
				for k := range ms[i].Recipients[j].Replies {
					ms[i].Recipients[j].Replies[k].Received = ms[i].Recipients[j].Replies[k].Received.UTC()
				}
			}
		}
	}
	normalise(wantMsgs)
	normalise(gotMsgs)
	equal(t, "reloaded messages", gotMsgs, wantMsgs)
	equal(t, "reloaded Raw byte for byte", string(gotMsgs[0].Raw), string(wantMsgs[0].Raw))
	for i := range gotRecv {
		gotRecv[i].Received = gotRecv[i].Received.UTC()
		wantRecv[i].Received = wantRecv[i].Received.UTC()
	}
	equal(t, "reloaded received", gotRecv, wantRecv)
	equal(t, "reloaded reply link", gotMsgs[1].Recipients[0].Replies[0].MessageText, "reply")

	// An address-book-only file from before messaging still loads.
	old := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(old, []byte(`{"Version":1,"Contacts":[{"ContactID":"a"}],"Groups":[],"Memberships":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv3, err := New(Options{StatePath: old})
	if err != nil {
		t.Fatalf("old file: %v", err)
	}
	defer srv3.Close()
	equal(t, "old file messages", len(srv3.Messages()), 0)
	if _, err := srv3.Inbound("+61421000001", "x", ""); err != nil {
		t.Fatal(err)
	}
	// Corrupt message state is refused.
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"Version":1,"Messages":[{"MessageID":"x","JobNum":"A"},{"MessageID":"y","JobNum":"A"}]}`), 0o600)
	if _, err := New(Options{StatePath: bad}); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("duplicate JobNum: %v", err)
	}

	// GET /_mock/messages lists what was submitted; reset clears it.
	list := h.call("GET", "/_mock/messages", "").body
	equal(t, "admin messages", []any{list["Result"], list["Count"], arr(t, list, "Messages")[0]["MessageID"]}, []any{"Success", 2.0, "p1"})
	equal(t, "admin message Raw is JSON", obj(t, arr(t, list, "Messages")[0], "Raw")["Message"], "hi <&> [[Attention]]")
	equal(t, "state dump carries messages", len(arr(t, h.call("GET", "/_mock/state", "").body, "Messages")), 2)
	h.ok("POST", "/_mock/reset", "")
	equal(t, "messages after reset", len(h.srv.Messages()), 0)
	equal(t, "received after reset", len(h.srv.ReceivedSMS()), 0)
	srv4, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer srv4.Close()
	equal(t, "messages on disk after reset", len(srv4.Messages()), 0)
}

// TestSendIsOnDiskBeforeTheAnswer: an acknowledged send is in the file.
func TestSendIsOnDiskBeforeTheAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, Options{StatePath: path})
	id := h.send(`{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st state
	if err := json.Unmarshal(data, &st); err != nil || len(st.Messages) != 1 || st.Messages[0].MessageID != id {
		t.Fatalf("state file after send: %v %s", err, data)
	}
	// A failing disk fails the send with a 500 and records nothing.
	h2 := newHarness(t, Options{StatePath: filepath.Join(t.TempDir(), "gone", "state.json")})
	h2.failID(http.StatusInternalServerError, "Error occurred while saving data", "", "POST", sendPath,
		`{"MessageData":{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "messages after a failed write", len(h2.srv.Messages()), 0)
}

func TestAfterChangeFaultOnSendRecordsOnce(t *testing.T) {
	h := newHarness(t, Options{Faults: Faults{Rate: 1, AfterFraction: 1, Methods: []string{"POST"}, PathContains: "send/sms"}})
	r := h.call("POST", sendPath, `{"MessageData":{"MessageID":"once","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "fault status", r.status, http.StatusInternalServerError)
	equal(t, "fault header", r.header.Get("X-Mock-Fault"), "after-change")
	equal(t, "fault body", r.body["ErrorMessage"], []any{"Error occurred while creating job"})
	ms := h.srv.Messages()
	equal(t, "messages recorded", len(ms), 1)
	equal(t, "recorded id", ms[0].MessageID, "once")
	equal(t, "send counted once", h.srv.Stats().Routes["POST send/sms"], 1)
	// Before-change faults record nothing.
	h.srv.SetFaults(Faults{Rate: 1, Methods: []string{"POST"}})
	h.call("POST", sendPath, `{"MessageData":{"MessageID":"never","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "messages after a before-change fault", len(h.srv.Messages()), 1)
	// GET status is subject to faults as well.
	h.srv.SetFaults(Faults{Rate: 1, Statuses: []int{503}, PathContains: "get/status"})
	h.fail(http.StatusServiceUnavailable, "Service Unavailable", "GET", "/api/v2.04/get/status/once", "")
}

func TestMessagingStatsKeys(t *testing.T) {
	h := newHarness(t, Options{})
	h.send(`{"MessageID":"s1","Message":"hi","SendTime":"2030-01-01 10:00","Destinations":[{"Recipient":"+61421000001"}]}`)
	h.status("s1")
	h.ok("GET", "/api/v2.04/get/status/s1/?recordsPerPage=10&page=1", "")
	h.ok("GET", "/api/v2.04/get/sms/reply/s1", "")
	h.ok("GET", "/api/v2.04/get/sms/received?timePeriod=60", "")
	h.ok("PATCH", "/api/v2.04/set/reschedule/s1", `{"SendTime":"2030-01-02 10:00"}`)
	h.ok("PATCH", "/api/v2.04/set/abort/s1", "")
	h.ok("PATCH", "/api/v2.04/set/resubmit/s1", "")
	h.fail(http.StatusNotFound, "Route not found", "PATCH", "/api/v2.04/set/pacing/s1", "")
	want := map[string]int{
		"POST send/sms":             1,
		"GET get/status/{id}":       2,
		"GET get/sms/reply/{id}":    1,
		"GET get/sms/received":      1,
		"PATCH set/reschedule/{id}": 1,
		"PATCH set/abort/{id}":      1,
		"PATCH set/resubmit/{id}":   1,
	}
	equal(t, "routes", h.srv.Stats().Routes, want)
	keys := RouteKeys()
	for k := range want {
		if !slices.Contains(keys, k) {
			t.Errorf("RouteKeys() lacks %q", k)
		}
	}
}

// TestLegacyBodyForms: the pre-2.03 forms with Sender/APIKey and the
// MessageID in the body (contributing/wire-protocol.md §2.4).
func TestLegacyBodyForms(t *testing.T) {
	h := newHarness(t, Options{})
	creds := `"Sender":"app@example.com","APIKey":"` + testToken + `"`
	noAuth := "Authorization: -"
	b := h.ok("POST", sendPath, `{`+creds+`,"MessageData":{"MessageID":"L1","Message":"hi","SendTime":"2030-01-01 10:00",
		"Destinations":[{"Recipient":"+61421000001"}]}}`, noAuth)
	equal(t, "legacy send", b["MessageID"], "L1")
	h.send(`{"MessageID":"L2","Message":"hi","Destinations":[{"Recipient":"+61421000002"}]}`)
	if _, err := h.srv.Inbound("+61421000002", "yo", ""); err != nil {
		t.Fatal(err)
	}

	doc := h.ok("POST", "/api/v2.03/get/status", `{`+creds+`,"MessageID":"L1"}`, noAuth)
	equal(t, "legacy status", []any{doc["MessageID"], doc["Status"]}, []any{"L1", "Delayed"})
	doc = h.ok("POST", "/api/v2.03/get/status", `{"MessageID":"L1"}`) // header token, body id
	equal(t, "legacy status with token", doc["MessageID"], "L1")
	doc = h.ok("POST", "/api/v2.03/get/sms/reply", `{`+creds+`,"MessageID":"L2"}`, noAuth)
	equal(t, "legacy reply", len(arr(t, recipients(t, doc)[0], "SMSReplies")), 1)
	list := h.ok("POST", "/api/v2.03/get/sms/received", `{`+creds+`,"TimePeriod":60,"RecordsPerPage":1,"Page":1}`, noAuth)
	equal(t, "legacy received", []any{paging4(list), pluck(arr(t, list, "Messages"), "MessageText")}, []any{[4]int{1, 1, 1, 1}, []string{"yo"}})
	b = h.ok("POST", "/api/v2.03/set/reschedule", `{`+creds+`,"MessageID":"L1","SendTime":"2030-02-01T10:00:00"}`, noAuth)
	equal(t, "legacy reschedule", []any{b["Action"], b["Status"]}, []any{"Reschedule", "Delayed"})
	b = h.ok("PATCH", "/api/v2.03/set/abort", `{"MessageID":"L1"}`)
	equal(t, "legacy abort", b["Action"], "Abort")
	h.failID(http.StatusNotFound, errNotFound, "nope", "POST", "/api/v2.03/set/resubmit", `{"MessageID":"nope"}`)

	// Credential errors (D004 texts), all 401 and nothing recorded.
	send := func(c string) string {
		return `{` + c + `"MessageData":{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`
	}
	for _, c := range []struct{ creds, want string }{
		{``, "Unauthorized"},
		{`"APIKey":"` + testToken + `",`, "Missing Sender"},
		{`"Sender":"","APIKey":"` + testToken + `",`, "Missing Sender"},
		{`"Sender":"app@example.com",`, "Missing APIKey"},
		{`"Sender":"app.example.com","APIKey":"` + testToken + `",`, "Invalid sender format"},
		{`"Sender":"app@example.com","APIKey":"wrong",`, "Unauthorized"},
	} {
		r := h.fail(http.StatusUnauthorized, c.want, "POST", sendPath, send(c.creds), noAuth)
		equal(t, "credential error "+c.want, r.body["ErrorMessage"], []any{c.want})
	}
	// A wrong header token is not rescued by body credentials, and the
	// address book never takes them.
	h.fail(http.StatusUnauthorized, "Unauthorized", "POST", sendPath, send(creds+","), "Authorization: Basic wrong")
	h.fail(http.StatusUnauthorized, "Unauthorized", "POST", "/api/v2.04/addressbook/group", `{`+creds+`,"GroupName":"G"}`, noAuth)
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", "/api/v2.04/get/status/L1", `{`+creds+`}`, noAuth)
	equal(t, "messages", len(h.srv.Messages()), 2)
	equal(t, "legacy stats keys", []int{h.srv.Stats().Routes["POST get/status"], h.srv.Stats().Routes["PATCH set/abort"], h.srv.Stats().Routes["POST get/sms/received"]}, []int{2, 1, 1})
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
		got, ok := senderE164(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("senderE164(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// With StatusDelay a new message answers "Message(s) NOT found" to status
// and reply polls until the delay has passed, as the real API can right
// after a submit.
func TestStatusDelay(t *testing.T) {
	h := newHarness(t, Options{StatusDelay: 10 * time.Second})
	h.send(`{"MessageID":"late-1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	for _, p := range []string{"/api/v2.04/get/status/late-1", "/api/v2.04/get/sms/reply/late-1"} {
		h.failID(http.StatusNotFound, errNotFound, "late-1", "GET", p, "")
	}
	h.clock.Advance(9 * time.Second)
	h.failID(http.StatusNotFound, errNotFound, "late-1", "GET", "/api/v2.04/get/status/late-1", "")
	h.clock.Advance(time.Second)
	equal(t, "status after the delay", h.status("late-1")["MessageID"], "late-1")
	h.ok("GET", "/api/v2.04/get/sms/reply/late-1", "")
	if _, err := New(Options{StatusDelay: -time.Second}); err == nil {
		t.Error("a negative status delay was accepted")
	}
}
