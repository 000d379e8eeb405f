package mockapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

const errOptOutNotFound = "Unable to find or access the data you're looking for."

func TestV3OptOutCRUD(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	created := h.v3ok("POST", "optout", `{"DestType":"SMS","Destination":"+61421000009","SubAccount":"Ops","StopMessage":"STOP","Notes":"asked by phone"}`)
	id := str(t, created, "ID")
	want := map[string]any{
		"ID": id, "DestType": "Text", "Destination": "+61421000009", "ContactID": "", "SubAccount": "Ops", "Department": "",
		"StopMessage": "STOP", "Notes": "asked by phone", "OriginalMessage": "",
		"CreatedTimeLocal": "2025-12-01 12:00:00", "CreatedTimeUTC": "2025-12-01 01:00:00", "CreatedTimeUTC_RFC3339": "2025-12-01T01:00:00.000Z",
		"UpdatedTimeLocal": "0001-01-01 00:00:00", "UpdatedTimeUTC": "0001-01-01 00:00:00", "UpdatedTimeUTC_RFC3339": "0001-01-01T00:00:00.000Z",
		"Timezone": "AUS Eastern",
	}
	equal(t, "created opt-out", created, want)
	equal(t, "read opt-out", h.v3ok("GET", "optout/"+id, ""), want)

	// PATCH is partial; Updated moves.
	h.clock.Advance(time.Hour)
	up := h.v3ok("PATCH", "optout/"+id, `{"Notes":"","StopMessage":"Stop sending me these"}`)
	equal(t, "patched", []any{up["Notes"], up["StopMessage"], up["Destination"], up["SubAccount"], up["UpdatedTimeUTC"]},
		[]any{"", "Stop sending me these", "+61421000009", "Ops", "2025-12-01 02:00:00"})

	// Delete echoes the entry; then every call is the 404 without Result.
	equal(t, "deleted", h.v3ok("DELETE", "optout/"+id, "")["ID"], id)
	for _, m := range []struct{ method, body string }{{"GET", ""}, {"PATCH", `{"Notes":"x"}`}, {"DELETE", ""}} {
		r := h.v3fail(http.StatusNotFound, "", errOptOutNotFound, m.method, "optout/"+id, m.body)
		if len(r.body) != 1 {
			t.Errorf("opt-out 404 = %s, want ErrorMessage only", r.raw)
		}
	}
	equal(t, "register", len(h.srv.OptOuts()), 0)
}

func TestV3OptOutChecks(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"A","EmailAddress":"a@example.com"}`)
	for _, c := range []struct{ body, want string }{
		{`{"Destination":"+61421000009"}`, "DestType is required"},
		{`{"DestType":"Pigeon","Destination":"+61421000009"}`, "Unsupported DestType - Supported DestType: Fax / Text / SMS / Email / Speech / Voice."},
		{`{"DestType":"SMS,Email","Destination":"+61421000009"}`, "Unsupported DestType - Supported DestType: Fax / Text / SMS / Email / Speech / Voice."},
		{`{"DestType":"SMS"}`, "Destination or ContactID is required"},
		{`{"DestType":"SMS","Destination":"+61421000009","ContactID":"` + cid + `"}`, "You may use Destination or ContactID (not both)"},
		{`{"DestType":"SMS","Destination":"0421000009"}`, `Destination must be a phone number in E.164 format (+61421000001) for DestType SMS, got "0421000009"`},
		{`{"DestType":"Email","Destination":"+61421000009"}`, `Destination must be an e-mail address for DestType Email, got "+61421000009"`},
		{`{"DestType":"Voice","ContactID":"nobody"}`, "Unable to find or access record with id 'nobody'."},
		{`{"DestType":"Fax","Destination":"+61290000001","Notes":"` + strings.Repeat("n", 1001) + `"}`, "Notes must be at most 1000 characters"},
		{`{"DestType":"SMS","Destination":"+61421000009","SubAccount":"` + strings.Repeat("s", 61) + `"}`, "SubAccount must be at most 60 characters"},
	} {
		h.v3fail(http.StatusBadRequest, "Failed", c.want, "POST", "optout", c.body)
	}
	equal(t, "register after refused creates", len(h.srv.OptOuts()), 0)

	// Every spelling, any case; identical creates make two entries.
	for _, dt := range []string{"sms", "TEXT", "voice", "Speech", "email", "Fax"} {
		body := `{"DestType":"` + dt + `","Destination":"+61421000009"}`
		if strings.EqualFold(dt, "email") {
			body = `{"DestType":"` + dt + `","ContactID":"` + cid + `"}`
		}
		h.v3ok("POST", "optout", body)
	}
	list := arr(t, h.v3ok("GET", "optout/list", ""), "OptOuts")
	equal(t, "answered types", pluck(list, "DestType"), []string{"Text", "Text", "Speech", "Speech", "Email", "Fax"})
	// PATCH may change the target: one clears the other, both is refused.
	id := str(t, list[4], "ID")
	h.v3fail(http.StatusBadRequest, "Failed", "You may use Destination or ContactID (not both)", "PATCH", "optout/"+id,
		`{"Destination":"b@example.com","ContactID":"`+cid+`"}`)
	moved := h.v3ok("PATCH", "optout/"+id, `{"Destination":"b@example.com"}`)
	equal(t, "moved target", []any{moved["Destination"], moved["ContactID"]}, []any{"b@example.com", ""})

	// The option echoes the spelling sent.
	a := newHarness(t, mockapi.Options{OptOutDestTypeAsSent: true})
	equal(t, "as sent", a.v3ok("POST", "optout", `{"DestType":"sms","Destination":"+61421000009"}`)["DestType"], "SMS")
	equal(t, "as sent", a.v3ok("POST", "optout", `{"DestType":"speech","Destination":"+61421000009"}`)["DestType"], "Speech")
}

func TestV3OptOutList(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"A"}`)
	h.v3ok("POST", "optout", `{"DestType":"Email","ContactID":"`+cid+`"}`)
	h.clock.Advance(3 * 24 * time.Hour)
	for i := range 12 {
		h.v3ok("POST", "optout", fmt.Sprintf(`{"DestType":"SMS","Destination":"+614210000%02d"}`, i))
	}
	count := func(query string) int {
		t.Helper()
		return len(arr(t, h.v3ok("GET", "optout/list?"+query, ""), "OptOuts"))
	}
	equal(t, "destType Text finds SMS", count("destType=Text"), 12)
	equal(t, "destType email", count("destType=email"), 1)
	equal(t, "contactID", count("contactID="+strings.ToUpper(cid)), 1)
	equal(t, "created in the last 2 days", count("timePeriod=2"), 12)
	equal(t, "created in the last 3 days", count("timePeriod=3"), 13)
	// Page sizes from 5 to 1000 (outside: clamped).
	p := h.v3ok("GET", "optout/list?recordsPerPage=1&page=3", "")
	equal(t, "page 3 of 5", []any{paging4(p), len(arr(t, p, "OptOuts"))}, []any{[4]int{13, 5, 3, 3}, 3})
	equal(t, "large pages", paging4(h.v3ok("GET", "optout/list?recordsPerPage=5000", "")), [4]int{13, 1000, 1, 1})
	h.v3fail(http.StatusBadRequest, "Failed", "Unsupported DestType - Supported DestType: Fax / Text / SMS / Email / Speech / Voice.",
		"GET", "optout/list?destType=SMS,Email", "")
	h.v3fail(http.StatusBadRequest, "Failed", `timePeriod must be a positive number of days, got "0"`, "GET", "optout/list?timePeriod=0", "")
}

func TestV3OptOutBatch(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.v3contact(`{"Attention":"A"}`)
	made := h.v3ok("POST", "optout/batch", `{"DestType":"SMS, Voice","Destination":"+61421000001",
		"Destinations":["+61421000002"],"ContactID":"`+cid+`","Department":"Sales"}`)
	data := arr(t, made, "Data")
	equal(t, "batch types", pluck(data, "DestType"), []string{"Text", "Text", "Text", "Speech", "Speech", "Speech"})
	equal(t, "batch targets", pluck(data, "Destination"), []string{"+61421000001", "+61421000002", "", "+61421000001", "+61421000002", ""})
	equal(t, "batch scope", pluck(data, "Department"), []string{"Sales", "Sales", "Sales", "Sales", "Sales", "Sales"})
	// All or nothing.
	h.v3fail(http.StatusBadRequest, "Failed", `Destination must be a phone number in E.164 format (+61421000001) for DestType SMS, got "nope"`,
		"POST", "optout/batch", `{"DestType":"SMS","Destinations":["+61421000003","nope"]}`)
	equal(t, "register", len(h.srv.OptOuts()), 6)
}

func TestOptOutsBlockSendsOfEveryVersion(t *testing.T) {
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute})
	cid := h.v3contact(`{"Attention":"Cid","MobilePhone":"+61421000020"}`)
	h.v3ok("POST", "optout", `{"DestType":"SMS","Destination":"+61421000009"}`)
	h.v3ok("POST", "optout", `{"DestType":"Text","ContactID":"`+cid+`"}`)
	h.v3ok("POST", "optout", `{"DestType":"SMS","Destination":"+61421000030","SubAccount":"Marketing"}`)
	h.v3ok("POST", "optout", `{"DestType":"Email","Destination":"x@example.com"}`)
	h.v3ok("POST", "optout", `{"DestType":"Voice","Destination":"+61421000040"}`)

	// v3: accepted; the blocked recipients fail, the others go out.
	id := str(t, h.v3ok("POST", "sms", `{"Message":"hi","SubAccount":"Support",
		"Destinations":[{"ToNumber":"61421000009"},{"ContactID":"`+cid+`"},{"ToNumber":"+61421000030"},{"ToNumber":"+61421000040"},{"ToNumber":"+61421000050"}]}`), "MessageID")
	h.clock.Advance(time.Minute)
	doc := h.v3ok("GET", "sms/"+id, "")
	rs := arr(t, doc, "Recipients")
	equal(t, "results", pluck(rs, "Result"), []string{"Destination is blacklisted", "Destination is blacklisted", "delivered", "delivered", "delivered"})
	equal(t, "statuses", pluck(rs, "Status"), []string{"Failed", "Failed", "Success", "Success", "Success"})
	equal(t, "blocked prices", []any{rs[0]["Price"], rs[1]["Price"], doc["Price"], doc["Failed"]}, []any{nil, nil, "0.30", float64(2)})
	for i, r := range rs {
		_, hasText := r["MessageText"]
		if hasText != (i >= 2) {
			t.Errorf("recipient %d: MessageText present = %v, want %v (absent when blocked)", i, hasText, i >= 2)
		}
	}

	// The scope: the Marketing entry blocks Marketing sends only (ignoring case).
	v2 := h.send(`{"Message":"hi","SubAccount":"marketing","Destinations":[{"Recipient":"+61421000030"},{"Recipient":"+61421000009"}]}`)
	h.clock.Advance(time.Minute)
	equal(t, "v2 send", pluck(recipients(t, h.status(v2)), "Result"), []string{"Destination is blacklisted", "Destination is blacklisted"})
	// Test mode shows the block too.
	test := str(t, h.v3ok("POST", "sms", `{"Message":"hi","Mode":"Test","Destinations":[{"ToNumber":"+61421000009"},{"ToNumber":"+61421000050"}]}`), "MessageID")
	equal(t, "test mode", pluck(arr(t, h.v3ok("GET", "sms/"+test, ""), "Recipients"), "Result"),
		[]string{"Destination is blacklisted", mockapi.ResultTestMode})
	// Deleting the entry lets later sends through.
	for _, o := range h.srv.OptOuts() {
		h.srv.DeleteOptOut(o.ID)
	}
	later := str(t, h.v3ok("POST", "sms", `{"Message":"hi","Destination":"+61421000009"}`), "MessageID")
	h.clock.Advance(time.Minute)
	equal(t, "after the opt-out is gone", pluck(arr(t, h.v3ok("GET", "sms/"+later, ""), "Recipients"), "Result"), []string{"delivered"})
}

func TestStopRepliesMakeOptOuts(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := str(t, h.v3ok("POST", "sms", `{"Message":"Hi [[FirstName]], 10OFF today","Destinations":[{"ToNumber":"+61421000001","FirstName":"Jo"}]}`), "MessageID")
	h.inboundReply(t, "+61421000001", "Stop. Please.", id)
	h.inboundReply(t, "0421 000 001", "STOP", "") // the same number: no second entry
	if _, err := h.srv.Inbound("+61421000002", "stopwatch", ""); err != nil {
		t.Fatal(err)
	}
	list := arr(t, h.v3ok("GET", "optout/list", ""), "OptOuts")
	equal(t, "opt-outs from STOP", len(list), 1)
	equal(t, "entry", []any{list[0]["DestType"], list[0]["Destination"], list[0]["StopMessage"], list[0]["OriginalMessage"], list[0]["SubAccount"]},
		[]any{"Text", "+61421000001", "Stop. Please.", "Hi Jo, 10OFF today", ""})
}

func TestOptOutAdminAndPersistence(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	clock := mocktest.NewClock(t0)
	srv := mocktest.Start(t, mockapi.Options{Tokens: []string{testToken}, StatePath: path, Now: clock.Now})
	h := &harness{t: t, srv: srv.Server, ts: srv.HTTP, clock: clock, token: testToken}

	status, raw := adminCall(t, h, "POST", "/_mock/optouts",
		`{"DestType":"sms","Destination":"+61421000009","StopMessage":"STOP","OriginalMessage":"Sale on now"}`)
	if status != http.StatusOK {
		t.Fatalf("POST /_mock/optouts: %d %s", status, raw)
	}
	var made map[string]any
	if err := json.Unmarshal([]byte(raw), &made); err != nil {
		t.Fatal(err)
	}
	equal(t, "admin-made entry", []any{made["DestType"], made["OriginalMessage"]}, []any{"Text", "Sale on now"})
	status, raw = adminCall(t, h, "POST", "/_mock/optouts", `{"DestType":"Pigeon","Destination":"+61421000009"}`)
	equal(t, "admin refuses what the API refuses", []any{status, strings.Contains(raw, "Unsupported DestType")}, []any{400, true})
	_, raw = adminCall(t, h, "GET", "/_mock/optouts", "")
	var list struct {
		Count   int
		OptOuts []map[string]any
	}
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		t.Fatal(err)
	}
	equal(t, "admin list", []any{list.Count, list.OptOuts[0]["ID"]}, []any{1, made["ID"]})

	// The register is in the state file and survives a restart.
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), `"OptOuts"`) {
		t.Fatalf("state file lacks the register: %v\n%s", err, data)
	}
	again := mocktest.Start(t, mockapi.Options{Tokens: []string{testToken}, StatePath: path, Now: clock.Now})
	got := again.OptOuts()
	equal(t, "after restart", []any{len(got), got[0].ID, got[0].DestType, got[0].OriginalMessage}, []any{1, made["ID"], "SMS", "Sale on now"})
	// Reset empties it.
	again.Reset()
	equal(t, "after reset", len(again.OptOuts()), 0)
}
