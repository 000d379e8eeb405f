package client

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// The v3.00 client against answers written by hand from the reference
// (contributing/wire-protocol-v3.md §3, §4, §5, §6 and the vendor's
// examples they cite), not from the mock: a misreading shared by the
// client and the mock shows up here.

// refServer answers every request with the status and body of answer and
// records the requests.
type refServer struct {
	mu   sync.Mutex
	reqs []*http.Request
	body []string
}

func (s *refServer) start(t *testing.T, answer func(r *http.Request) (int, string)) *Client {
	t.Helper()
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, r)
		s.body = append(s.body, string(b))
		s.mu.Unlock()
		status, body := answer(r)
		writeBody(w, status, body)
	})
	return newTestClient(t, base, v3)
}

func (s *refServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// fixed answers every request with one status and body.
func fixed(status int, body string) func(*http.Request) (int, string) {
	return func(*http.Request) (int, string) { return status, body }
}

// A contact as S3's Contact_Detail example shows it.
const refContact = `{"ContactID":"8000000a-f002-4007-b00a-d00000000001","Owner":"COM\\DOMAIN\\APPLICATION",
"CreatedTimeLocal":"2025-05-30 05:11:03","CreatedTimeUTC":"2025-05-29 17:11:03","CreatedTimeUTC_RFC3339":"2025-05-29T17:11:03.000Z",
"UpdatedTimeLocal":"0001-01-01 00:00:00","UpdatedTimeUTC":"0001-01-01 00:00:00","UpdatedTimeUTC_RFC3339":"0001-01-01T00:00:00.000Z",
"Timezone":"New Zealand","ExType":"","ExID":"","ViewBy":"Account","EditBy":"Account","AccessControl":"Limited",
"Attention":"John Doe","Title":"Mr","Company":"Example Company","RecipDepartment":"Accounting","FirstName":"John","LastName":"Doe",
"Position":"Accountant","StreetAddress":"123 Queen Street","Suburb":"Auckland City","City":"Auckland","State":"","Country":"New Zealand",
"Postcode":"1010","MainPhone":"+6421002003","AltPhone1":"+6495006001","AltPhone2":"+6495006002","AltPhone3":"+6495006003",
"AltPhone4":"+6495006004","AltPhone5":"","AltPhone6":"","AltPhone7":"","AltPhone8":"","MobilePhone":"+6421002003",
"FaxNumber":"+64 9 500-5000","EmailAddress":"john.doe@example.com","WebAddress":"https://www.example.com",
"Custom1":"Custom Value 1","Custom2":"Custom Value 2","Custom3":"","Custom4":"",
"Notes":"This contact was created using the Address Book API."`

func TestV3ReferenceContact(t *testing.T) {
	created := time.Date(2025, 5, 29, 17, 11, 3, 0, time.UTC)
	want := Contact{
		ID: "8000000a-f002-4007-b00a-d00000000001", Owner: `COM\DOMAIN\APPLICATION`, Timezone: "New Zealand", Created: created,
		ViewBy: "Account", EditBy: "Account", AccessControl: "Limited", Attention: "John Doe", Title: "Mr", Company: "Example Company",
		Department: "Accounting", FirstName: "John", LastName: "Doe", Position: "Accountant", StreetAddress: "123 Queen Street",
		Suburb: "Auckland City", City: "Auckland", Country: "New Zealand", Postcode: "1010", MainPhone: "+6421002003",
		AltPhone1: "+6495006001", AltPhone2: "+6495006002", AltPhone3: "+6495006003", AltPhone4: "+6495006004",
		MobilePhone: "+6421002003", FaxNumber: "+64 9 500-5000", EmailAddress: "john.doe@example.com",
		WebAddress: "https://www.example.com", Custom1: "Custom Value 1", Custom2: "Custom Value 2",
		Notes: "This contact was created using the Address Book API.",
	}
	for _, tc := range []struct{ name, body string }{
		{"S3: Groups as GroupIDs", refContact + `,"Groups":["9000000a-f002-4007-b00a-d00000000001"]}`},
		{"PY3's documentation: Groups as objects", refContact + `,"Groups":[{"GroupID":"9000000a-f002-4007-b00a-d00000000001"}]}`},
		{"Result Success tolerated", refContact + `,"Result":"Success"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s refServer
			c := s.start(t, fixed(http.StatusOK, tc.body))
			got, err := c.GetContact(context.Background(), want.ID)
			if err != nil {
				t.Fatalf("GetContact: %v", err)
			}
			assertContact(t, "contact", got, want)
			r := s.reqs[0]
			if r.URL.Path != "/api/v3.00/addressbook/contact/"+want.ID || r.Header.Get("Authorization") != "Bearer "+testToken ||
				r.Header.Get("Accept") != "application/json" {
				t.Errorf("request %s %s, Authorization %q, Accept %q", r.Method, r.URL.Path, r.Header.Get("Authorization"), r.Header.Get("Accept"))
			}
		})
	}
}

// The success rule and the failures of wire-protocol-v3.md §3.
func TestV3ReferenceSuccessAndErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name       string
		status     int
		body       string
		call       string // "get contact", "get opt-out", "create contact", "abort"
		ok         bool
		result     string
		message    string
		notFound   bool
		routeWrong bool
		unauth     bool
		unknown    bool
	}{
		{name: "flat success", status: 200, body: refContact + `}`, call: "get contact", ok: true},
		{name: "Result Failed in a 200", status: 200, body: `{"Result":"Failed","ErrorMessage":"Missing or empty field"}`,
			call: "get contact", result: "Failed", message: "Missing or empty field"},
		{name: "an empty 200 for a read", status: 200, body: ``, call: "get contact", message: "empty response body", routeWrong: false},
		{name: "an empty 200 for a create", status: 200, body: ``, call: "create contact", message: "empty response body", unknown: true},
		{name: "a JSON array", status: 200, body: `[]`, call: "get contact", message: "unexpected response body: []"},
		{name: "400", status: 400, body: `{"Result":"Failed","ErrorMessage":["Missing or empty field"]}`,
			call: "create contact", result: "Failed", message: "Missing or empty field"},
		{name: "401 (ErrorMessage a string)", status: 401,
			body: `{"Result":"Unauthorized","ErrorMessage":"Access denied: Auth Token or credentials are incorrect or have expired."}`,
			call: "get contact", result: "Unauthorized", message: "Access denied: Auth Token or credentials are incorrect or have expired.", unauth: true},
		{name: "403 address book off", status: 403, body: `{"Result":"Failed","ErrorMessage":["Unauthorized access to Addressbook API!"]}`,
			call: "get contact", result: "Failed", message: "Unauthorized access to Addressbook API!"},
		{name: "404 contact", status: 404,
			body: `{"Result":"RecordNotFound","ErrorMessage":["Unable to find or access record with id '0eee9801-098e-fc70-86b3-ae5a4s550992d'."]}`,
			call: "get contact", result: "RecordNotFound", message: "Unable to find or access record with id '0eee9801-098e-fc70-86b3-ae5a4s550992d'.", notFound: true},
		{name: "404 message", status: 404, body: `{"Result":"RecordNotFound","MessageID":"m1","ErrorMessage":["Unable to find entry."]}`,
			call: "abort", result: "RecordNotFound", message: "Unable to find entry.", notFound: true},
		{name: "404 opt-out without Result", status: 404, body: `{"ErrorMessage":["Unable to find or access the data you're looking for."]}`,
			call: "get opt-out", message: "Unable to find or access the data you're looking for.", notFound: true},
		{name: "the same body on a contact route is no not-found", status: 404,
			body: `{"ErrorMessage":["Unable to find or access the data you're looking for."]}`,
			call: "get contact", message: "Unable to find or access the data you're looking for.", routeWrong: true},
		{name: "an HTML 404 on the opt-out route", status: 404, body: `<html><body>Not Found</body></html>`,
			call: "get opt-out", message: "<html><body>Not Found</body></html>", routeWrong: true},
		{name: "415 in S3's shape", status: 415, body: `{"status":415,"extend1":"info1","extend2":"info2"}`,
			call: "create contact", message: "Unsupported Media Type"},
		{name: "500 for a create", status: 500, body: `{"Result":"Failed","ErrorMessage":["An unexpected error occurred while processing."]}`,
			call: "create contact", result: "Failed", message: "An unexpected error occurred while processing.", unknown: true},
		{name: "an action answer", status: 200,
			body: `{"ActionResult":"Success","MessageID":"m1","JobNum":"10AB20CE","Status":"Delayed","Action":"Abort"}`, call: "abort", ok: true},
		{name: "an action that failed", status: 200, body: `{"ActionResult":"Failed","MessageID":"m1","ErrorMessage":["Message is not Delayed"]}`,
			call: "abort", result: "Failed", message: "Message is not Delayed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var s refServer
			c := s.start(t, fixed(tc.status, tc.body))
			c.maxRetries = 0
			var err error
			switch tc.call {
			case "get contact":
				_, err = c.GetContact(ctx, "8000000a-f002-4007-b00a-d00000000001")
			case "get opt-out":
				_, err = c.GetOptOut(ctx, "8000000a-f002-4007-b00a-d00000000001")
			case "create contact":
				_, err = c.CreateContact(ctx, Contact{FirstName: "John"})
			case "abort":
				var ar *ActionResult
				ar, err = c.Abort(ctx, "m1")
				if err == nil && (ar.MessageID != "m1" || ar.JobNum != "10AB20CE" || ar.Status != "Delayed" || ar.Action != "Abort") {
					t.Errorf("action answer read as %+v", ar)
				}
			}
			if tc.ok {
				if err != nil {
					t.Fatalf("err = %v, want success", err)
				}
				return
			}
			ae := apiErr(t, err)
			if ae.StatusCode != tc.status || ae.Result != tc.result || len(ae.Messages) != 1 || ae.Messages[0] != tc.message {
				t.Errorf("APIError = %d %q %q, want %d %q %q", ae.StatusCode, ae.Result, ae.Messages, tc.status, tc.result, tc.message)
			}
			if IsNotFound(err) != tc.notFound || IsRouteNotFound(err) != tc.routeWrong || IsUnauthorized(err) != tc.unauth ||
				IsUnknownOutcome(err) != tc.unknown {
				t.Errorf("not found %v, wrong route %v, unauthorized %v, unknown %v; want %v, %v, %v, %v",
					IsNotFound(err), IsRouteNotFound(err), IsUnauthorized(err), IsUnknownOutcome(err),
					tc.notFound, tc.routeWrong, tc.unauth, tc.unknown)
			}
		})
	}
}

// A flat 200 is an answer: a read is not retried as if it were a proxy's
// page (v2's rule would retry every v3 success), but a 2xx that is not JSON
// still is.
func TestV3ReferenceFlatAnswersAreNotRetried(t *testing.T) {
	var s refServer
	c := s.start(t, fixed(http.StatusOK, `{"TotalRecords":0,"RecordsPerPage":100,"PageCount":0,"Page":1,"Groups":[]}`))
	if groups, err := c.ListGroups(context.Background()); err != nil || len(groups) != 0 || s.count() != 1 {
		t.Errorf("ListGroups: %v, %v after %d requests, want none after 1", groups, err, s.count())
	}
	var p refServer
	c = p.start(t, fixed(http.StatusOK, `<html>maintenance</html>`))
	if _, err := c.ListGroups(context.Background()); err == nil || p.count() != 3 {
		t.Errorf("ListGroups of an HTML 200: %v after %d requests, want a failure after 3 (2 retries)", err, p.count())
	}
}

// The status document of S3's SMS Details, with its string and null
// prices, JobStatus, a blocked recipient without MessageText and replies.
func TestV3ReferenceStatus(t *testing.T) {
	const doc = `{"MessageID":"1000000a-f002-4007-b00a-d00000000002","JobStatus":"Completed","JobNum":"10AB20CE","Account":"101202",
"SubAccount":"Business Unit One","Department":"Department Alpha","Reference":"MyTest",
"CreatedTimeLocal":"2025-05-30 05:11:03","CreatedTimeUTC":"2025-05-29 17:11:03","CreatedTimeUTC_RFC3339":"2025-05-29T17:11:03.000Z",
"DelayedTimeLocal":"2025-05-30 05:11:03","DelayedTimeUTC":"2025-05-29 17:11:03","DelayedTimeUTC_RFC3339":"2025-05-29T17:11:03.000Z",
"Timezone":"New Zealand","Count":2,"Complete":2,"Success":1,"Failed":1,"Price":"0.10",
"TotalRecords":2,"RecordsPerPage":100,"PageCount":1,"Page":1,
"Recipients":[
 {"Type":"SMS","DestSeq":"00000001","Destination":"+64212223333","ContactID":"","Status":"Success","Result":"Delivered",
  "MessageText":"Hello, we sent you a test message.","SentTimeLocal":"2025-05-30 05:11:10","SentTimeUTC":"2025-05-29 17:11:10",
  "SentTimeUTC_RFC3339":"2025-05-29T17:11:10.000Z","Attention":"","Company":"","RemoteID":"","Price":"0.10",
  "SMSReplies":[{"ReceivedID":"a1b2c3d4-e5f6-7890-1234-567890abcdee","ReceivedTimeLocal":"2025-05-30 05:12:00",
   "ReceivedTimeUTC":"2025-05-29 17:12:00","ReceivedTimeUTC_RFC3339":"2025-05-29T17:12:00.000Z","Timezone":"New Zealand",
   "From":"+64212223333","MessageText":"Thanks"}]},
 {"Type":"SMS","DestSeq":"00000002","Destination":"+64212224444","ContactID":"","Status":"Failed","Result":"Destination is blacklisted",
  "SentTimeLocal":"0001-01-01 00:00:00","SentTimeUTC":"0001-01-01 00:00:00","SentTimeUTC_RFC3339":"0001-01-01T00:00:00.000Z",
  "Attention":"","Company":"","RemoteID":"","Price":null,"SMSReplies":[]}]}`
	var s refServer
	c := s.start(t, fixed(http.StatusOK, doc))
	st, err := c.MessageStatus(context.Background(), "1000000a-f002-4007-b00a-d00000000002")
	if err != nil {
		t.Fatalf("MessageStatus: %v", err)
	}
	if st.Status != "Completed" || st.Price != 0.1 || st.Count != 2 || st.Failed != 1 || st.Account != "101202" ||
		!st.Created.Equal(time.Date(2025, 5, 29, 17, 11, 3, 0, time.UTC)) {
		t.Errorf("status %+v", st)
	}
	ok, blocked := st.Recipients[0], st.Recipients[1]
	if ok.OptedOut() || ok.Price != 0.1 || len(ok.Replies) != 1 || ok.Replies[0].ReceivedID != "a1b2c3d4-e5f6-7890-1234-567890abcdee" ||
		!ok.Replies[0].Received.Equal(time.Date(2025, 5, 29, 17, 12, 0, 0, time.UTC)) {
		t.Errorf("delivered recipient %+v", ok)
	}
	if !blocked.OptedOut() || blocked.Price != 0 || blocked.MessageText != "" || !blocked.SentTime.IsZero() {
		t.Errorf("blocked recipient %+v", blocked)
	}
	if got := s.reqs[0].URL; got.Path != "/api/v3.00/sms/1000000a-f002-4007-b00a-d00000000002" || got.RawQuery != "page=1&recordsPerPage=100" {
		t.Errorf("status request %s", got)
	}
}

// S3's received list and opt-out entry.
func TestV3ReferenceReceivedAndOptOut(t *testing.T) {
	ctx := context.Background()
	var s refServer
	c := s.start(t, fixed(http.StatusOK, `{"TotalRecords":1,"RecordsPerPage":100,"PageCount":1,"Page":1,"Messages":[
{"ReceivedID":"a1b2c3d4-e5f6-7890-1234-567890abcdee","MessageID":"7000000a-f002-4007-b00a-d00000000002","JobNum":"10AB20CE",
 "SubAccount":"","Department":"","ReceivedTimeLocal":"2025-05-30 05:11:03","ReceivedTimeUTC":"2025-05-29 17:11:03",
 "ReceivedTimeUTC_RFC3339":"2025-05-29T17:11:03.000Z","From":"+6421000001","ContactID":"","MessageText":"This is a received message from a mobile phone.",
 "Timezone":"New Zealand","Version":"v3.00"}]}`))
	got, err := c.ReceivedSMS(ctx, ReceivedQuery{TimePeriod: 10})
	if err != nil || len(got) != 1 || got[0].ReceivedID != "a1b2c3d4-e5f6-7890-1234-567890abcdee" || got[0].From != "+6421000001" ||
		!got[0].Received.Equal(time.Date(2025, 5, 29, 17, 11, 3, 0, time.UTC)) {
		t.Fatalf("ReceivedSMS: %+v, %v", got, err)
	}
	if u := s.reqs[0].URL; u.Path != "/api/v3.00/sms/received" || !strings.Contains(u.RawQuery, "timePeriod=10") {
		t.Errorf("received request %s", u)
	}

	var o refServer
	c = o.start(t, fixed(http.StatusOK, `{"ID":"8000000a-f002-4007-b00a-d00000000001","DestType":"Text","Destination":"+6421003004",
"ContactID":"","SubAccount":"Business Unit One","Department":"Team Alpha","StopMessage":"Stop sending me these messages",
"Notes":"Entry edited using the API.","OriginalMessage":"Hello John, thanks for being a valued customer.",
"CreatedTimeLocal":"2025-05-30 05:11:03","CreatedTimeUTC":"2025-05-29 17:11:03","CreatedTimeUTC_RFC3339":"2025-05-29T17:11:03.000Z",
"UpdatedTimeLocal":"2025-05-30 06:11:03","UpdatedTimeUTC":"2025-05-29 18:11:03","UpdatedTimeUTC_RFC3339":"2025-05-29T18:11:03.000Z",
"Timezone":"New Zealand"}`))
	entry, err := c.CreateOptOut(ctx, OptOut{DestType: "SMS", Destination: "+6421003004", SubAccount: "Business Unit One",
		Department: "Team Alpha", StopMessage: "Stop sending me these messages", Notes: "Entry edited using the API."})
	if err != nil {
		t.Fatalf("CreateOptOut: %v", err)
	}
	want := OptOut{ID: "8000000a-f002-4007-b00a-d00000000001", DestType: "Text", Destination: "+6421003004",
		SubAccount: "Business Unit One", Department: "Team Alpha", StopMessage: "Stop sending me these messages",
		Notes: "Entry edited using the API.", OriginalMessage: "Hello John, thanks for being a valued customer.", Timezone: "New Zealand",
		Created: time.Date(2025, 5, 29, 17, 11, 3, 0, time.UTC), Updated: time.Date(2025, 5, 29, 18, 11, 3, 0, time.UTC)}
	if *entry != want {
		t.Errorf("opt-out\n got  %+v\n want %+v", *entry, want)
	}
	if r := o.reqs[0]; r.Method != http.MethodPost || r.URL.Path != "/api/v3.00/optout" || r.Header.Get("Content-Type") != "application/json" ||
		o.body[0] != `{"Department":"Team Alpha","DestType":"SMS","Destination":"+6421003004","Notes":"Entry edited using the API.",`+
			`"StopMessage":"Stop sending me these messages","SubAccount":"Business Unit One"}` {
		t.Errorf("create request %s %s %q: %s", r.Method, r.URL.Path, r.Header.Get("Content-Type"), o.body[0])
	}
}

func TestDestTypeSpellings(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"SMS", "Text", true}, {"sms", "TEXT", true}, {"Voice", "Speech", true}, {"Email", "email", true},
		{"Fax", "fax", true}, {"SMS", "Voice", false}, {"Text", "Speech", false}, {"SMS", "Pigeon", false}, {"", "", false},
	} {
		if got := SameDestType(tc.a, tc.b); got != tc.same {
			t.Errorf("SameDestType(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
	if c, ok := CanonicalDestType(" speech "); !ok || c != DestTypeVoice {
		t.Errorf("CanonicalDestType(speech) = %q, %v", c, ok)
	}
}
