package mockapi_test

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
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

func TestMessagesPersistAndReset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	h := newHarness(t, mockapi.Options{StatePath: path, DeliveryDelay: time.Minute})
	h.srv.PutContact(mockapi.Contact{ContactID: "c1", MobilePhone: "+61421000001", Attention: "Ann"})
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

	srv2, err := mockapi.New(mockapi.Options{StatePath: path, Now: h.clock.Now, DeliveryDelay: time.Minute})
	if err != nil {
		t.Fatalf("reload: %v", err)
	}
	defer srv2.Close()
	gotMsgs, gotRecv := srv2.Messages(), srv2.ReceivedSMS()
	normalise := func(ms []mockapi.Message) {
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
	srv3, err := mockapi.New(mockapi.Options{StatePath: old})
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
	if _, err := mockapi.New(mockapi.Options{StatePath: bad}); err == nil || !strings.Contains(err.Error(), "corrupt") {
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
	srv4, err := mockapi.New(mockapi.Options{StatePath: path})
	if err != nil {
		t.Fatal(err)
	}
	defer srv4.Close()
	equal(t, "messages on disk after reset", len(srv4.Messages()), 0)
}

func TestMessagingStatsKeys(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
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
	keys := mockapi.RouteKeys()
	for k := range want {
		if !slices.Contains(keys, k) {
			t.Errorf("RouteKeys() lacks %q", k)
		}
	}
}

// TestLegacyBodyForms: the pre-2.03 forms with Sender/APIKey and the
// MessageID in the body (contributing/wire-protocol.md §2.4).
func TestLegacyBodyForms(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
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
	h.failID(http.StatusNotFound, mockapi.ErrMessageNotFound, "nope", "POST", "/api/v2.03/set/resubmit", `{"MessageID":"nope"}`)

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

// TestMessagesRecordTheAPIAndPersonalisedText: a message remembers the API
// version it came through, and each recipient the text it was sent.
func TestMessagesRecordTheAPIAndPersonalisedText(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	c := h.createContact(`{"FirstName":"Ann","MobilePhone":"+61421000001"}`)
	h.ok("POST", "/api/v2.03/send/sms", `{"MessageData":{"Message":"Hi [[First Name]] [[Custom9]] [[Nope]]","Destinations":[`+
		`{"ContactID":"`+c+`"},{"Recipient":"+61421000002","FirstName":"Bob","Custom9":"9"}]}}`)
	h.send(`{"Message":"plain","Destinations":[{"Recipient":"+61421000003"}]}`)
	ms := h.srv.Messages()
	if len(ms) != 2 {
		t.Fatalf("messages = %+v", ms)
	}
	equal(t, "APIs", []string{ms[0].API, ms[1].API}, []string{"v2.03", "v2.04"})
	var texts []string
	for _, r := range append(ms[0].Recipients, ms[1].Recipients...) {
		texts = append(texts, r.Text)
	}
	equal(t, "personalised texts", texts, []string{"Hi Ann  [[Nope]]", "Hi Bob 9 [[Nope]]", "plain"})
}
