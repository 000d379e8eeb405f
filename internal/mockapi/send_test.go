package mockapi_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestSendValidationErrors(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.srv.PutContact(mockapi.Contact{ContactID: "c-nomobile", Attention: "No Mobile"})
	g := h.srv.PutGroup(mockapi.Group{GroupName: "Empty Group"})
	if err := h.srv.AddMember(g.GroupID, "c-nomobile"); err != nil {
		t.Fatal(err)
	}
	const dest = `"Destinations":[{"Recipient":"+61421000001"}]`
	cases := []struct {
		name, body, msg, id string
	}{
		{"no MessageData", `{}`, mockapi.ErrMissingMessageData, ""},
		{"null MessageData", `{"MessageData":null}`, mockapi.ErrMissingMessageData, ""},
		{"empty MessageData", `{"MessageData":{}}`, mockapi.ErrMissingMessageData, ""},
		{"string MessageData", `{"MessageData":"hi"}`, mockapi.ErrMissingMessageData, ""},
		{"no body", ``, mockapi.ErrMissingMessageData, ""},
		{"MessageID too long", `{"MessageData":{"MessageID":"` + strings.Repeat("a", 41) + `","Message":"hi",` + dest + `}}`,
			mockapi.ErrInvalidMessageID, strings.Repeat("a", 41)},
		{"MessageID with underscore", `{"MessageData":{"MessageID":"id_1","Message":"hi",` + dest + `}}`, mockapi.ErrInvalidMessageID, "id_1"},
		{"no Destinations", `{"MessageData":{"MessageID":"m1","Message":"hi"}}`, mockapi.ErrMissingDests, "m1"},
		{"empty Destinations", `{"MessageData":{"Message":"hi","Destinations":[]}}`, mockapi.ErrMissingDests, ""},
		{"null Destinations", `{"MessageData":{"Message":"hi","Destinations":null}}`, mockapi.ErrMissingDests, ""},
		{"object Destinations", `{"MessageData":{"Message":"hi","Destinations":{"Recipient":"+61421000001"}}}`, mockapi.ErrMissingDests, ""},
		{"no Message", `{"MessageData":{"MessageID":"m2",` + dest + `}}`, mockapi.ErrMissingMessage, "m2"},
		{"blank Message", `{"MessageData":{"Message":"  ",` + dest + `}}`, mockapi.ErrMissingMessage, ""},
		{"null Message", `{"MessageData":{"Message":null,` + dest + `}}`, mockapi.ErrMissingMessage, ""},
		{"http webhook", `{"MessageData":{"MessageID":"m3","Message":"hi","WebhookCallbackURL":"http://example.com/hook",` + dest + `}}`,
			mockapi.ErrWebhookHTTPS, "m3"},
		{"http loopback webhook without AllowHTTPWebhooks", `{"MessageData":{"Message":"hi","WebhookCallbackURL":"http://127.0.0.1:9/hook",` + dest + `}}`,
			mockapi.ErrWebhookHTTPS, ""},
		{"ftp webhook", `{"MessageData":{"Message":"hi","WebhookCallbackURL":"ftp://example.com",` + dest + `}}`, mockapi.ErrWebhookHTTPS, ""},
		{"no valid destination: empty recipient", `{"MessageData":{"MessageID":"m4","Message":"hi","Destinations":[{"Recipient":""},{}]}}`,
			mockapi.ErrNoValidDests, "m4"},
		{"no valid destination: unknown ids", `{"MessageData":{"Message":"hi","Destinations":[{"ContactID":"nope"},{"GroupID":"nope"},{"GroupCode":"nope"}]}}`,
			mockapi.ErrNoValidDests, ""},
		{"no valid destination: contact without mobile", `{"MessageData":{"Message":"hi","Destinations":[{"ContactID":"c-nomobile"}]}}`,
			mockapi.ErrNoValidDests, ""},
		{"no valid destination: group without mobiles", `{"MessageData":{"Message":"hi","Destinations":[{"GroupID":"` + g.GroupID + `"}]}}`,
			mockapi.ErrNoValidDests, ""},
	}
	for _, c := range cases {
		r := h.failID(http.StatusBadRequest, c.msg, c.id, "POST", sendPath, c.body)
		equal(t, c.name+": ErrorMessage", r.body["ErrorMessage"], []any{c.msg})
	}
	// The same texts on v2.03.
	h.failID(http.StatusBadRequest, mockapi.ErrMissingDests, "", "POST", "/api/v2.03/send/sms", `{"MessageData":{"Message":"hi"}}`)

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
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute})
	h.srv.PutContact(mockapi.Contact{ContactID: "c1", Attention: "Cee One", MobilePhone: "+61 421 000 002"})

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
		equal(t, "Test-mode recipient", []any{r.Status, r.Result, r.Price, r.SentTime}, []any{"Success", mockapi.ResultTestMode, 0.0, t0})
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
	h := newHarness(t, mockapi.Options{})
	ann := h.srv.PutContact(mockapi.Contact{Attention: "Ann", Company: "Acme", FirstName: "Ann", LastName: "Lee",
		MobilePhone: "+61421000011", Custom1: "gold", Custom4: "c4"})
	bob := h.srv.PutContact(mockapi.Contact{Attention: "Bob", MobilePhone: "+61421000012"})
	nomob := h.srv.PutContact(mockapi.Contact{Attention: "No Mobile", MainPhone: "+61299999999"})
	g := h.srv.PutGroup(mockapi.Group{GroupName: "On Call"})
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

// TestSendIsOnDiskBeforeTheAnswer: an acknowledged send is in the file.
func TestSendIsOnDiskBeforeTheAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, mockapi.Options{StatePath: path})
	id := h.send(`{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var st mockapi.State
	if err := json.Unmarshal(data, &st); err != nil || len(st.Messages) != 1 || st.Messages[0].MessageID != id {
		t.Fatalf("state file after send: %v %s", err, data)
	}
	// A failing disk fails the send with a 500 and records nothing.
	h2 := newHarness(t, mockapi.Options{StatePath: filepath.Join(t.TempDir(), "gone", "state.json")})
	h2.failID(http.StatusInternalServerError, "Error occurred while saving data", "", "POST", sendPath,
		`{"MessageData":{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "messages after a failed write", len(h2.srv.Messages()), 0)
}

func TestAfterChangeFaultOnSendRecordsOnce(t *testing.T) {
	h := newHarness(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, AfterFraction: 1, Methods: []string{"POST"}, PathContains: "send/sms"}})
	r := h.call("POST", sendPath, `{"MessageData":{"MessageID":"once","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "fault status", r.status, http.StatusInternalServerError)
	equal(t, "fault header", r.header.Get("X-Mock-Fault"), "after-change")
	equal(t, "fault body", r.body["ErrorMessage"], []any{"Error occurred while creating job"})
	ms := h.srv.Messages()
	equal(t, "messages recorded", len(ms), 1)
	equal(t, "recorded id", ms[0].MessageID, "once")
	equal(t, "send counted once", h.srv.Stats().Routes["POST send/sms"], 1)
	// Before-change faults record nothing.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Methods: []string{"POST"}})
	h.call("POST", sendPath, `{"MessageData":{"MessageID":"never","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	equal(t, "messages after a before-change fault", len(h.srv.Messages()), 1)
	// GET status is subject to faults as well.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{503}, PathContains: "get/status"})
	h.fail(http.StatusServiceUnavailable, "Service Unavailable", "GET", "/api/v2.04/get/status/once", "")
}
