package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"reflect"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// uuidV4 is the canonical text form of a random (version 4, RFC 4122
// variant) UUID.
var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// newThrottledMock is newMock (default options) whose first `throttled`
// requests are answered 429 before they reach the mock; the recorder sees
// every request.
func newThrottledMock(t *testing.T, throttled int32) *mockEnv {
	t.Helper()
	var n atomic.Int32
	return newMock(t, mockapi.Options{}, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) <= throttled {
				writeBody(w, http.StatusTooManyRequests, `{"Result":"Failed","ErrorMessage":["Too many requests"],"MessageID":""}`)
				return
			}
			next.ServeHTTP(w, r)
		})
	})
}

// sendBodies returns the recorded POST send/sms bodies.
func sendBodies(t *testing.T, m *mockEnv) [][]byte {
	t.Helper()
	var out [][]byte
	for _, r := range m.rec.only(http.MethodPost) {
		if r.Path != "/api/v2.04/send/sms" {
			t.Fatalf("unexpected POST %s", r.Path)
		}
		out = append(out, r.Body)
	}
	return out
}

// decodeMessageData decodes a send body, requiring it to be exactly
// {"MessageData":{…}}, and returns MessageData as generic JSON.
func decodeMessageData(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		t.Fatalf("send body %s is not a JSON object: %v", body, err)
	}
	if len(top) != 1 || top["MessageData"] == nil {
		t.Fatalf("send body has members %v, want exactly MessageData: %s", keysOf(top), body)
	}
	var md map[string]any
	if err := json.Unmarshal(top["MessageData"], &md); err != nil {
		t.Fatalf("MessageData %s is not an object: %v", top["MessageData"], err)
	}
	return md
}

func keysOf[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func assertJSONEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("%s:\n got  %s\n want %s", what, g, w)
	}
}

// every9 is a Custom array with every member set.
var every9 = [9]string{"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}

func TestDestinationWireV2(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   Destination
		want string
	}{
		{"number", Destination{Recipient: "+61421000001"}, `{"Recipient":"+61421000001"}`},
		{"contact", Destination{ContactID: "6000000b-f002-4007-b00a-c00000000002"}, `{"ContactID":"6000000b-f002-4007-b00a-c00000000002"}`},
		{"group id", Destination{GroupID: "4000000b-f002-4007-b00a-c00000000001"}, `{"GroupID":"4000000b-f002-4007-b00a-c00000000001"}`},
		{"group code", Destination{GroupCode: "Test_Group"}, `{"GroupCode":"Test_Group"}`},
		{"empty", Destination{}, `{}`},
		{"number with full personalisation", Destination{
			Recipient: "+61421000002", Attention: "John Doe", Company: "Example Corp",
			FirstName: "John", LastName: "Doe", Custom: every9,
		}, `{"Attention":"John Doe","Company":"Example Corp",` +
			`"Custom1":"c1","Custom2":"c2","Custom3":"c3","Custom4":"c4","Custom5":"c5","Custom6":"c6","Custom7":"c7","Custom8":"c8","Custom9":"c9",` +
			`"First Name":"John","Last Name":"Doe","Recipient":"+61421000002"}`},
		{"sparse customs", Destination{Recipient: "+61421000003", Custom: [9]string{1: "two", 8: "nine"}},
			`{"Custom2":"two","Custom9":"nine","Recipient":"+61421000003"}`},
		{"contact with an override", Destination{ContactID: "c1", FirstName: "Jo"}, `{"ContactID":"c1","First Name":"Jo"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(tc.in.wire(dialects[APIVersion204]))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("v2 wire = %s\n want      %s", got, tc.want)
			}
		})
	}
}

func TestNewUUID(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		id := newUUID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("newUUID() = %q, not a v4 UUID", id)
		}
		if seen[id] {
			t.Fatalf("newUUID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestSendSMSMinimalBodyExact(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	id, err := m.client(t).SendSMS(context.Background(), SendRequest{
		MessageID: "msg-1", Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}},
	})
	if err != nil || id != "msg-1" {
		t.Fatalf("SendSMS = %q, %v", id, err)
	}
	bodies := sendBodies(t, m)
	if len(bodies) != 1 {
		t.Fatalf("%d sends", len(bodies))
	}
	const want = `{"MessageData":{"CharacterConversion":false,"Destinations":[{"Recipient":"+61421000001"}],"Message":"hi","MessageID":"msg-1"}}`
	if string(bodies[0]) != want {
		t.Errorf("body = %s\n want  %s", bodies[0], want)
	}
	r := m.rec.all()[0]
	if r.Header.Get("Content-Type") != "application/json; encoding='utf-8'" || r.Query != "" {
		t.Errorf("Content-Type %q, query %q", r.Header.Get("Content-Type"), r.Query)
	}
}

func TestSendSMSFullBody(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	contact := m.srv.PutContact(mockapi.Contact{FirstName: "Carla", MobilePhone: "+61421000010"})
	member := m.srv.PutContact(mockapi.Contact{FirstName: "Gus", MobilePhone: "+61421000011"})
	group := m.srv.PutGroup(mockapi.Group{GroupName: "On Call Team"})
	if err := m.srv.AddMember(group.GroupID, member.ContactID); err != nil {
		t.Fatal(err)
	}
	codeGroup := m.srv.PutGroup(mockapi.Group{GroupName: "Night Shift"})
	if err := m.srv.AddMember(codeGroup.GroupID, contact.ContactID); err != nil {
		t.Fatal(err)
	}

	req := SendRequest{
		MessageID: "full-0001",
		Message:   "Hello [[First Name]] [[Last Name]] from [[Company]] ([[Custom9]])",
		Destinations: []Destination{
			{Recipient: "+61421000002", Attention: "John Doe", Company: "Example Corp",
				FirstName: "John", LastName: "Doe", Custom: every9},
			{ContactID: contact.ContactID},
			{GroupID: group.GroupID},
			{GroupCode: codeGroup.GroupCode},
		},
		Reference: "ref-42", SendTime: "2025-12-01T14:00", TimeZone: "AUS Eastern",
		SubAccount: "North", Department: "Ops", ChargeCode: "CC-7", FromNumber: "61421000099",
		SMSEmailReply: "replies@example.com", ReportTo: "reports@example.com",
		CharacterConversion: true,
		WebhookCallbackURL:  "https://hooks.example.com/bestsms", WebhookCallbackFormat: "JSON",
		TestMode: true,
	}
	id, err := m.client(t).SendSMS(context.Background(), req)
	if err != nil || id != "full-0001" {
		t.Fatalf("SendSMS = %q, %v", id, err)
	}
	bodies := sendBodies(t, m)
	if len(bodies) != 1 {
		t.Fatalf("%d sends", len(bodies))
	}
	assertJSONEqual(t, "MessageData", decodeMessageData(t, bodies[0]), map[string]any{
		"Message":   req.Message,
		"MessageID": "full-0001",
		"Destinations": []any{
			map[string]any{
				"Recipient": "+61421000002", "Attention": "John Doe", "Company": "Example Corp",
				"First Name": "John", "Last Name": "Doe",
				"Custom1": "c1", "Custom2": "c2", "Custom3": "c3", "Custom4": "c4", "Custom5": "c5",
				"Custom6": "c6", "Custom7": "c7", "Custom8": "c8", "Custom9": "c9",
			},
			map[string]any{"ContactID": contact.ContactID},
			map[string]any{"GroupID": group.GroupID},
			map[string]any{"GroupCode": "Night_Shift"},
		},
		"Reference": "ref-42", "SendTime": "2025-12-01T14:00", "TimeZone": "AUS Eastern",
		"SubAccount": "North", "Department": "Ops", "ChargeCode": "CC-7", "FromNumber": "61421000099",
		"SMSEmailReply": "replies@example.com", "ReportTo": "reports@example.com",
		"CharacterConversion":   true,
		"WebhookCallbackURL":    "https://hooks.example.com/bestsms",
		"WebhookCallbackFormat": "JSON",
		"Mode":                  "Test",
	})

	// The mock understood every member, the spaced names included.
	got, ok := m.srv.Message("full-0001")
	if !ok {
		t.Fatal("mock has no message full-0001")
	}
	if got.Reference != "ref-42" || got.SubAccount != "North" || got.Department != "Ops" || got.ChargeCode != "CC-7" ||
		got.FromNumber != "61421000099" || got.SMSEmailReply != "replies@example.com" || got.ReportTo != "reports@example.com" ||
		!got.CharacterConversion || got.Mode != "Test" || got.TimeZone != "AUS Eastern" || got.SendTime != "2025-12-01T14:00" ||
		got.WebhookCallbackURL != "https://hooks.example.com/bestsms" || got.WebhookCallbackFormat != "JSON" {
		t.Errorf("mock message = %+v", got)
	}
	var dests []string
	for _, r := range got.Recipients {
		dests = append(dests, r.Destination+"|"+r.ContactID+"|"+r.GroupID)
	}
	wantDests := []string{
		"+61421000002||",
		"+61421000010|" + contact.ContactID + "|",
		"+61421000011|" + member.ContactID + "|" + group.GroupID,
		"+61421000010|" + contact.ContactID + "|" + codeGroup.GroupID,
	}
	if !reflect.DeepEqual(dests, wantDests) {
		t.Errorf("expanded recipients = %v, want %v", dests, wantDests)
	}
	if r := got.Recipients[0]; r.FirstName != "John" || r.LastName != "Doe" || r.Custom != every9 || r.Attention != "John Doe" || r.Company != "Example Corp" {
		t.Errorf("personalisation of recipient 1 = %+v", r)
	}
}

func TestSendSMSOptionalMembersOnlyWhenSet(t *testing.T) {
	base := SendRequest{MessageID: "opt-1", Message: "m", Destinations: []Destination{{Recipient: "+61421000001"}}}
	required := map[string]any{
		"Message": "m", "MessageID": "opt-1", "CharacterConversion": false,
		"Destinations": []any{map[string]any{"Recipient": "+61421000001"}},
	}
	for _, tc := range []struct {
		member string
		set    func(*SendRequest)
		value  any
	}{
		{"Reference", func(r *SendRequest) { r.Reference = "x" }, "x"},
		{"SendTime", func(r *SendRequest) { r.SendTime = "2025-12-01T09:00" }, "2025-12-01T09:00"},
		{"TimeZone", func(r *SendRequest) { r.TimeZone = "New Zealand" }, "New Zealand"},
		{"SubAccount", func(r *SendRequest) { r.SubAccount = "x" }, "x"},
		{"Department", func(r *SendRequest) { r.Department = "x" }, "x"},
		{"ChargeCode", func(r *SendRequest) { r.ChargeCode = "x" }, "x"},
		{"FromNumber", func(r *SendRequest) { r.FromNumber = "61400000000" }, "61400000000"},
		{"SMSEmailReply", func(r *SendRequest) { r.SMSEmailReply = "a@b.c" }, "a@b.c"},
		{"ReportTo", func(r *SendRequest) { r.ReportTo = "a@b.c" }, "a@b.c"},
		{"WebhookCallbackURL", func(r *SendRequest) { r.WebhookCallbackURL = "https://h.example" }, "https://h.example"},
		{"WebhookCallbackFormat", func(r *SendRequest) { r.WebhookCallbackFormat = "XML" }, "XML"},
		{"Mode", func(r *SendRequest) { r.TestMode = true }, "Test"},
		{"CharacterConversion", func(r *SendRequest) { r.CharacterConversion = true }, true},
		{"", func(*SendRequest) {}, nil},
	} {
		name := tc.member
		if name == "" {
			name = "nothing optional"
		}
		t.Run(name, func(t *testing.T) {
			var body []byte
			srvURL := stub(t, func(w http.ResponseWriter, r *http.Request) {
				body, _ = io.ReadAll(r.Body)
				writeBody(w, 200, `{"Result":"Success","MessageID":"opt-1"}`)
			})
			req := base
			tc.set(&req)
			if _, err := newTestClient(t, srvURL).SendSMS(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{}
			for k, v := range required {
				want[k] = v
			}
			if tc.member != "" {
				want[tc.member] = tc.value
			}
			assertJSONEqual(t, "MessageData", decodeMessageData(t, body), want)
		})
	}
}

func TestSendSMSMessageID(t *testing.T) {
	ctx := context.Background()

	t.Run("generated as UUID v4 and returned", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		c := m.client(t)
		id, err := c.SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil {
			t.Fatal(err)
		}
		if !uuidV4.MatchString(id) {
			t.Errorf("id = %q, want a UUID v4", id)
		}
		if got := decodeMessageData(t, sendBodies(t, m)[0])["MessageID"]; got != id {
			t.Errorf("body MessageID = %v, returned %q", got, id)
		}
		if _, ok := m.srv.Message(id); !ok {
			t.Errorf("mock has no message %q", id)
		}
		// A second send gets another id.
		id2, err := c.SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil || id2 == id || !uuidV4.MatchString(id2) {
			t.Errorf("second id = %q (%v), first %q", id2, err, id)
		}
	})

	t.Run("caller id kept", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		id, err := m.client(t).SendSMS(ctx, SendRequest{MessageID: "Caller-ID-7", Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil || id != "Caller-ID-7" {
			t.Fatalf("SendSMS = %q, %v", id, err)
		}
		if got := decodeMessageData(t, sendBodies(t, m)[0])["MessageID"]; got != "Caller-ID-7" {
			t.Errorf("body MessageID = %v", got)
		}
	})

	t.Run("same generated id on every attempt (429 then success)", func(t *testing.T) {
		m := newThrottledMock(t, 1)
		id, err := m.client(t).SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil {
			t.Fatal(err)
		}
		bodies := sendBodies(t, m)
		if len(bodies) != 2 {
			t.Fatalf("%d attempts, want 2", len(bodies))
		}
		if string(bodies[0]) != string(bodies[1]) {
			t.Errorf("attempt bodies differ:\n %s\n %s", bodies[0], bodies[1])
		}
		if got := decodeMessageData(t, bodies[0])["MessageID"]; got != id || !uuidV4.MatchString(id) {
			t.Errorf("body MessageID %v, returned %q", got, id)
		}
		if ms := m.srv.Messages(); len(ms) != 1 || ms[0].MessageID != id {
			t.Errorf("mock messages = %d (%+v)", len(ms), ms)
		}
	})

	t.Run("id returned with the error", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{429}, PathContains: "send/sms"}})
		id, err := m.client(t, withRetries(2)).SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if ae := apiErr(t, err); ae.StatusCode != 429 || ae.Path != "send/sms" || ae.Method != "POST" {
			t.Errorf("APIError = %+v", ae)
		}
		if !uuidV4.MatchString(id) {
			t.Fatalf("id = %q, want the generated UUID with the error", id)
		}
		bodies := sendBodies(t, m)
		if len(bodies) != 3 {
			t.Fatalf("%d attempts, want 3", len(bodies))
		}
		for i, b := range bodies {
			if got := decodeMessageData(t, b)["MessageID"]; got != id {
				t.Errorf("attempt %d MessageID = %v, want %q", i+1, got, id)
			}
		}
	})

	t.Run("caller id returned with a validation error", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		id, err := m.client(t).SendSMS(ctx, SendRequest{MessageID: "keep-me", Message: " ", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if id != "keep-me" {
			t.Errorf("id = %q, want keep-me", id)
		}
		ae := apiErr(t, err)
		if ae.StatusCode != 400 || ae.Result != "Failed" || !reflect.DeepEqual(ae.Messages, []string{"Missing or empty message"}) {
			t.Errorf("APIError = %+v", ae)
		}
		if IsNotFound(err) {
			t.Error("validation error classified as not found")
		}
	})

	t.Run("server id wins when the answer has one", func(t *testing.T) {
		base := stub(t, func(w http.ResponseWriter, r *http.Request) {
			writeBody(w, 200, `{"Result":"Success","MessageID":"server-side"}`)
		})
		id, err := newTestClient(t, base).SendSMS(ctx, SendRequest{MessageID: "mine", Message: "x", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil || id != "server-side" {
			t.Errorf("SendSMS = %q, %v", id, err)
		}
		base = stub(t, func(w http.ResponseWriter, r *http.Request) { writeBody(w, 200, `{"Result":"Success"}`) })
		id, err = newTestClient(t, base).SendSMS(ctx, SendRequest{MessageID: "mine", Message: "x", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if err != nil || id != "mine" {
			t.Errorf("answer without MessageID: SendSMS = %q, %v", id, err)
		}
	})
}

func TestSendSMSRetryPolicy(t *testing.T) {
	ctx := context.Background()
	req := func() SendRequest {
		return SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}}
	}

	for _, tc := range []struct {
		name      string
		after     float64
		wantMsgs  int
		wantFault string
	}{
		{"500 before the change", 0, 0, "before-change"},
		{"500 after the change", 1, 1, "after-change"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, AfterFraction: tc.after, PathContains: "send/sms"}})
			id, err := m.client(t, withRetries(3)).SendSMS(ctx, req())
			ae := apiErr(t, err)
			if ae.StatusCode != 500 || !reflect.DeepEqual(ae.Messages, []string{"Error occurred while creating job"}) {
				t.Errorf("APIError = %+v", ae)
			}
			if n := m.routes()["POST send/sms"]; n != 1 {
				t.Errorf("POST send/sms attempts = %d, want exactly 1", n)
			}
			if reqs := m.rec.all(); len(reqs) != 1 || reqs[0].Status != 500 {
				t.Errorf("recorded %d requests", len(reqs))
			}
			if !uuidV4.MatchString(id) {
				t.Errorf("id = %q", id)
			}
			ms := m.srv.Messages()
			if len(ms) != tc.wantMsgs {
				t.Fatalf("mock stored %d messages, want %d", len(ms), tc.wantMsgs)
			}
			if tc.wantMsgs == 1 && ms[0].MessageID != id {
				t.Errorf("stored message %q, client returned %q: the caller could not look it up", ms[0].MessageID, id)
			}
		})
	}

	t.Run("502 and 503 not retried either", func(t *testing.T) {
		for _, status := range []int{502, 503} {
			m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{status}, PathContains: "send/sms"}})
			_, err := m.client(t, withRetries(3)).SendSMS(ctx, req())
			if ae := apiErr(t, err); ae.StatusCode != status {
				t.Errorf("%d: APIError = %+v", status, ae)
			}
			if n := m.routes()["POST send/sms"]; n != 1 {
				t.Errorf("%d: attempts = %d, want 1", status, n)
			}
		}
	})

	t.Run("429 retried until it succeeds", func(t *testing.T) {
		m := newThrottledMock(t, 2)
		id, err := m.client(t, withRetries(3)).SendSMS(ctx, req())
		if err != nil {
			t.Fatal(err)
		}
		if got := len(sendBodies(t, m)); got != 3 {
			t.Errorf("attempts = %d, want 3", got)
		}
		if ms := m.srv.Messages(); len(ms) != 1 || ms[0].MessageID != id {
			t.Errorf("mock messages = %+v", ms)
		}
	})

	t.Run("429 retries run out", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{429}, PathContains: "send/sms"}})
		_, err := m.client(t, withRetries(3)).SendSMS(ctx, req())
		if ae := apiErr(t, err); ae.StatusCode != 429 || !reflect.DeepEqual(ae.Messages, []string{"Too many requests"}) {
			t.Errorf("APIError = %+v", ae)
		}
		if n := m.routes()["POST send/sms"]; n != 4 {
			t.Errorf("attempts = %d, want 4", n)
		}
		if len(m.srv.Messages()) != 0 {
			t.Error("a message was stored")
		}
	})

	t.Run("dial error retried", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		d := &flakyDialer{}
		d.failures.Store(2)
		hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
		id, err := m.client(t, withRetries(3), func(cfg *Config) { cfg.HTTPClient = hc }).SendSMS(ctx, req())
		if err != nil {
			t.Fatalf("SendSMS: %v", err)
		}
		if n := d.dials.Load(); n != 3 {
			t.Errorf("dials = %d, want 3", n)
		}
		if n := m.routes()["POST send/sms"]; n != 1 {
			t.Errorf("sends received = %d, want 1", n)
		}
		if ms := m.srv.Messages(); len(ms) != 1 || ms[0].MessageID != id {
			t.Errorf("mock messages = %+v, id %q", ms, id)
		}

		// Retries off: the dial error comes back, with the id.
		d.dials.Store(0)
		id, err = m.client(t, withRetries(0), func(cfg *Config) { cfg.HTTPClient = hc }).SendSMS(ctx, req())
		var opErr *net.OpError
		if !errors.As(err, &opErr) || opErr.Op != "dial" {
			t.Errorf("error = %v, want the dial error", err)
		}
		if !uuidV4.MatchString(id) {
			t.Errorf("id = %q with a dial error", id)
		}
	})

	t.Run("connection dropped after the request: not replayed", func(t *testing.T) {
		var n atomic.Int32
		base := stub(t, func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			n.Add(1)
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("hijack: %v", err)
				return
			}
			_ = conn.Close()
		})
		hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		id, err := newTestClient(t, base, withRetries(3), func(cfg *Config) { cfg.HTTPClient = hc }).SendSMS(ctx, req())
		if err == nil {
			t.Fatal("SendSMS succeeded against a dropping server")
		}
		if got := n.Load(); got != 1 {
			t.Errorf("attempts = %d, want 1", got)
		}
		if !uuidV4.MatchString(id) {
			t.Errorf("id = %q", id)
		}
	})
}

// ---- actions ----

// delayedMessage sends a message that waits for 14:00 Sydney (03:00 UTC),
// two hours after t0.
func delayedMessage(t *testing.T, c *Client, id string) {
	t.Helper()
	if _, err := c.SendSMS(context.Background(), SendRequest{
		MessageID: id, Message: "later", SendTime: "2025-12-01T14:00",
		Destinations: []Destination{{Recipient: "+61421000001"}, {Recipient: "+61421000002"}},
	}); err != nil {
		t.Fatalf("SendSMS: %v", err)
	}
}

// lastPatch returns the only PATCH recorded since the last reset.
func lastPatch(t *testing.T, m *mockEnv) captured {
	t.Helper()
	ps := m.rec.only(http.MethodPatch)
	if len(ps) != 1 {
		t.Fatalf("%d PATCH requests, want 1: %+v", len(ps), ps)
	}
	return ps[0]
}

func TestReschedule(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	delayedMessage(t, c, "resched-1")
	before, _ := m.srv.Message("resched-1")
	m.rec.reset()

	got, err := c.Reschedule(context.Background(), "resched-1", "2025-12-01T15:30")
	if err != nil {
		t.Fatalf("Reschedule: %v", err)
	}
	want := ActionResult{MessageID: "resched-1", Status: "Delayed", JobNum: before.JobNum, Action: "Reschedule"}
	if *got != want {
		t.Errorf("Reschedule = %+v, want %+v", *got, want)
	}
	p := lastPatch(t, m)
	if p.Path != "/api/v2.04/set/reschedule/resched-1" || p.Query != "" {
		t.Errorf("request = %s %s?%s", p.Method, p.Path, p.Query)
	}
	if string(p.Body) != `{"SendTime":"2025-12-01T15:30"}` {
		t.Errorf("body = %s", p.Body)
	}
	if p.Header.Get("Content-Type") != "application/json; encoding='utf-8'" {
		t.Errorf("Content-Type = %q", p.Header.Get("Content-Type"))
	}
	after, _ := m.srv.Message("resched-1")
	if !after.SendAt.Equal(time.Date(2025, 12, 1, 4, 30, 0, 0, time.UTC)) || after.Status != "Delayed" {
		t.Errorf("mock after reschedule: SendAt %v status %s", after.SendAt, after.Status)
	}
	if n := m.routes()["PATCH set/reschedule/{id}"]; n != 1 {
		t.Errorf("route count = %d", n)
	}

	// The mock's refusal comes back verbatim: no SendTime.
	_, err = c.Reschedule(context.Background(), "resched-1", "")
	ae := apiErr(t, err)
	if ae.StatusCode != 400 || ae.Path != "set/reschedule/{id}" || ae.Method != "PATCH" ||
		!reflect.DeepEqual(ae.Messages, []string{"Missing SendTime: Reschedule needs the new send time"}) {
		t.Errorf("APIError = %+v", ae)
	}
	if IsNotFound(err) {
		t.Error("refusal classified as not found")
	}
}

func TestAbort(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	delayedMessage(t, c, "abort-1")
	before, _ := m.srv.Message("abort-1")
	m.rec.reset()

	got, err := c.Abort(context.Background(), "abort-1")
	if err != nil {
		t.Fatalf("Abort: %v", err)
	}
	want := ActionResult{MessageID: "abort-1", Status: "Delayed", JobNum: before.JobNum, Action: "Abort"}
	if *got != want {
		t.Errorf("Abort = %+v, want %+v", *got, want)
	}
	p := lastPatch(t, m)
	if p.Path != "/api/v2.04/set/abort/abort-1" || string(p.Body) != `{}` {
		t.Errorf("request = %s %s body %s", p.Method, p.Path, p.Body)
	}
	after, _ := m.srv.Message("abort-1")
	if after.Status != "Deleted" || after.Recipients[0].Result != "Aborted" {
		t.Errorf("mock after abort: %s / %+v", after.Status, after.Recipients)
	}

	// A second abort: the job is no longer Delayed.
	_, err = c.Abort(context.Background(), "abort-1")
	ae := apiErr(t, err)
	if ae.StatusCode != 400 || !reflect.DeepEqual(ae.Messages, []string{"Message is not Delayed (status: Deleted)"}) || IsNotFound(err) {
		t.Errorf("APIError = %+v", ae)
	}
}

func TestResubmit(t *testing.T) {
	ctx := context.Background()
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	// +61421000000 ends in 0000: the mock fails it.
	if _, err := c.SendSMS(ctx, SendRequest{MessageID: "resub-1", Message: "x",
		Destinations: []Destination{{Recipient: "+61421000001"}, {Recipient: "+61421000000"}}}); err != nil {
		t.Fatal(err)
	}
	msg, _ := m.srv.Message("resub-1")
	if msg.Status != "Completed" || msg.Recipients[1].Status != "Failed" {
		t.Fatalf("setup: %s %+v", msg.Status, msg.Recipients)
	}
	m.rec.reset()

	got, err := c.Resubmit(ctx, "resub-1", "")
	if err != nil {
		t.Fatalf("Resubmit: %v", err)
	}
	want := ActionResult{MessageID: "resub-1", Status: "Completed", JobNum: msg.JobNum, Action: "Resubmit"}
	if *got != want {
		t.Errorf("Resubmit = %+v, want %+v", *got, want)
	}
	p := lastPatch(t, m)
	if p.Path != "/api/v2.04/set/resubmit/resub-1" || string(p.Body) != `{}` {
		t.Errorf("request = %s %s body %s", p.Method, p.Path, p.Body)
	}

	// With a send time: the failed recipient waits for it.
	m.rec.reset()
	got, err = c.Resubmit(ctx, "resub-1", "2025-12-01T18:00")
	if err != nil {
		t.Fatalf("Resubmit with SendTime: %v", err)
	}
	if got.Action != "Resubmit" || got.Status != "Completed" {
		t.Errorf("Resubmit = %+v", got)
	}
	if p := lastPatch(t, m); string(p.Body) != `{"SendTime":"2025-12-01T18:00"}` {
		t.Errorf("body = %s", p.Body)
	}
	after, _ := m.srv.Message("resub-1")
	if after.Status != "Delayed" || !after.SendAt.Equal(time.Date(2025, 12, 1, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("mock after resubmit: %s SendAt %v", after.Status, after.SendAt)
	}

	// Nothing failed: refused.
	if _, err := c.SendSMS(ctx, SendRequest{MessageID: "resub-ok", Message: "x", Destinations: []Destination{{Recipient: "+61421000001"}}}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Resubmit(ctx, "resub-ok", "")
	ae := apiErr(t, err)
	if ae.StatusCode != 400 || !reflect.DeepEqual(ae.Messages, []string{"Message has no Failed recipients to resubmit (status: Completed)"}) || IsNotFound(err) {
		t.Errorf("APIError = %+v", ae)
	}
}

func TestActionsUnknownMessage(t *testing.T) {
	ctx := context.Background()
	m := newMock(t, mockapi.Options{})
	c := m.client(t)
	for _, tc := range []struct {
		name, path, body string
		run              func() (*ActionResult, error)
	}{
		{"resubmit", "/api/v2.04/set/resubmit/no%20such", `{}`, func() (*ActionResult, error) { return c.Resubmit(ctx, "no such", "") }},
		{"reschedule", "/api/v2.04/set/reschedule/no%20such", `{"SendTime":"2025-12-02T09:00"}`, func() (*ActionResult, error) { return c.Reschedule(ctx, "no such", "2025-12-02T09:00") }},
		{"abort", "/api/v2.04/set/abort/no%20such", `{}`, func() (*ActionResult, error) { return c.Abort(ctx, "no such") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m.rec.reset()
			got, err := tc.run()
			if got != nil {
				t.Errorf("result %+v with an error", got)
			}
			if !IsNotFound(err) {
				t.Errorf("IsNotFound(%v) = false", err)
			}
			ae := apiErr(t, err)
			if ae.StatusCode != 404 || ae.Method != "PATCH" || ae.Path != "set/"+tc.name+"/{id}" ||
				!reflect.DeepEqual(ae.Messages, []string{"Message(s) NOT found"}) {
				t.Errorf("APIError = %+v", ae)
			}
			p := lastPatch(t, m)
			if p.Path != tc.path || string(p.Body) != tc.body {
				t.Errorf("request = %s body %s", p.Path, p.Body)
			}
		})
	}
}

// The v2.03 failure body (D001): Message string, MessageID echoed.
func TestActionFailureMessageMember(t *testing.T) {
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, 200, `{"Result":"Failed","MessageID":"ID123456","Message":"Message not found"}`)
	})
	_, err := newTestClient(t, base).Abort(context.Background(), "ID123456")
	ae := apiErr(t, err)
	if !reflect.DeepEqual(ae.Messages, []string{"Message not found"}) || !IsNotFound(err) {
		t.Errorf("APIError = %+v, IsNotFound %v", ae, IsNotFound(err))
	}
}

// Abort and resubmit are PATCHes but not idempotent: after an unknown
// outcome they are not sent again (a repeat would fail on the changed
// message, or resubmit twice). Reschedule sets an absolute time and is.
func TestMessageActionsRetryPolicy(t *testing.T) {
	for _, tc := range []struct {
		action       string
		wantAttempts int
	}{
		{"abort", 1},
		{"resubmit", 1},
		{"reschedule", 4},
	} {
		t.Run(tc.action, func(t *testing.T) {
			m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, Methods: []string{"PATCH"}}})
			c := m.client(t, withRetries(3))
			var err error
			switch tc.action {
			case "abort":
				_, err = c.Abort(context.Background(), "m-1")
			case "resubmit":
				_, err = c.Resubmit(context.Background(), "m-1", "")
			case "reschedule":
				_, err = c.Reschedule(context.Background(), "m-1", "2099-01-01T09:00")
			}
			if apiErr(t, err).StatusCode != 500 {
				t.Errorf("err = %v, want the 500", err)
			}
			if n := len(m.rec.only("PATCH")); n != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", n, tc.wantAttempts)
			}
		})
	}
}
