package mockapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// hookRequest is one webhook a receiver got.
type hookRequest struct {
	method, path, contentType, body string
}

// hookReceiver is an httptest webhook receiver; answer gives the status for
// the n-th request (1-based).
type hookReceiver struct {
	ts  *httptest.Server
	rec mocktest.Recorder
}

func newReceiver(t *testing.T, tls bool, answer func(n int) int) *hookReceiver {
	t.Helper()
	rc := &hookReceiver{}
	h := rc.rec.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		code := http.StatusOK
		if answer != nil {
			code = answer(len(rc.rec.Requests()))
		}
		w.WriteHeader(code)
	}))
	if !tls {
		rc.ts = mocktest.Serve(t, h)
		return rc
	}
	rc.ts = httptest.NewTLSServer(h)
	t.Cleanup(rc.ts.Close)
	return rc
}

func (rc *hookReceiver) requests() []hookRequest {
	var out []hookRequest
	for _, r := range rc.rec.Requests() {
		out = append(out, hookRequest{r.Method, r.Path, r.Header.Get("Content-Type"), string(r.Body)})
	}
	return out
}

// wait waits until the receiver got at least n requests.
func (rc *hookReceiver) wait(t *testing.T, n int) []hookRequest {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d webhook(s)", n), func() bool { return len(rc.requests()) >= n })
	return rc.requests()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// hookJSON is the exact JSON body the mock sends, members in the order of contributing/wire-protocol.md §10.1.
func hookJSON(typ, dest, msgID, sub, dep, job, sent, status, result, message, price, detail, url string) string {
	return fmt.Sprintf(`{"Sender":"bestsms-mock@example.com","APIKey":"","Type":%q,"Destination":%q,"MessageID":%q,`+
		`"SubAccount":%q,"Department":%q,"JobNumber":%q,"SentTime":%q,"Status":%q,"Result":%q,"Message":%q,`+
		`"Price":%q,"Detail":%q,"URL":%q,"RESPONSEMODE":"JSON"}`,
		typ, dest, msgID, sub, dep, job, sent, status, result, message, price, detail, url)
}

func TestWebhookJSONDeliveryAndReply(t *testing.T) {
	rc := newReceiver(t, true, nil) // https
	h := newHarness(t, mockapi.Options{DeliveryDelay: time.Minute, WebhookClient: rc.ts.Client()})
	url := rc.ts.URL + "/hook"
	long := strings.Repeat("y", 170)
	h.send(`{"MessageID":"wh1","Message":"` + long + `","SubAccount":"SA","Department":"D","WebhookCallbackURL":"` + url + `",
		"WebhookCallbackFormat":"JSON","Destinations":[{"Recipient":"+61421000001"},{"Recipient":"+61421000000"}]}`)
	m, _ := h.srv.Message("wh1")
	time.Sleep(30 * time.Millisecond)
	equal(t, "webhooks while Pending", len(rc.requests()), 0)

	h.clock.Advance(time.Minute)
	reqs := rc.wait(t, 2) // the background loop notices the clock
	equal(t, "delivery webhooks", reqs, []hookRequest{
		{"POST", "/hook", "application/json", hookJSON("SMS", "+61421000001", "wh1", "SA", "D", m.JobNum, "2025-12-01 12:01:00",
			"SUCCESS", "delivered", "", "0.20", "SMSParts:2", url)},
		{"POST", "/hook", "application/json", hookJSON("SMS", "+61421000000", "wh1", "SA", "D", m.JobNum, "2025-12-01 12:01:00",
			"FAILED", "Invalid number", "", "0.00", "SMSParts:2", url)},
	})

	// A reply goes to the message's URL; a plain inbound SMS does not (no
	// account default).
	h.clock.Advance(time.Minute)
	if _, err := h.srv.Inbound("+61421000001", `Yes "ok" <3`, "wh1"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.srv.Inbound("+61421000077", "stranger", ""); err != nil {
		t.Fatal(err)
	}
	reqs = rc.wait(t, 3)
	equal(t, "reply webhook", reqs[2].body, hookJSON("SMSReply", "+61421000001", "wh1", "SA", "D", m.JobNum, "2025-12-01 12:02:00",
		"RECEIVED", "RECEIVED", `Yes "ok" <3`, "0.20", "SMSParts:2", url))
	time.Sleep(50 * time.Millisecond)
	equal(t, "webhooks in all", len(rc.requests()), 3)

	atts := h.srv.WebhookAttempts()
	equal(t, "attempts", len(atts), 3)
	a := atts[2]
	equal(t, "attempt record", []any{a.URL, a.Format, a.Type, a.MessageID, a.Destination, a.Attempt, a.StatusCode, a.Err, a.At, string(a.Body)},
		[]any{url, "JSON", "SMSReply", "wh1", "+61421000001", 1, 200, "", t0.Add(2 * time.Minute), reqs[2].body})
}

func TestWebhookXMLAccountDefaultAndInbound(t *testing.T) {
	rc := newReceiver(t, false, nil) // http, allowed for loopback
	def := rc.ts.URL + "/default"
	h := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: def})

	// Test mode, no URL of its own, XML: the account default gets XML at once.
	h.send(`{"MessageID":"x1","Mode":"Test","Message":"hi","WebhookCallbackFormat":"XML","Destinations":[{"Recipient":"+61421000001"}]}`)
	m, _ := h.srv.Message("x1")
	reqs := rc.wait(t, 1)
	want := `<?xml version="1.0" encoding="utf-8"?><root><Sender>bestsms-mock@example.com</Sender><APIKey></APIKey><Type>SMS</Type>` +
		`<Destination>+61421000001</Destination><MessageID>x1</MessageID><SubAccount></SubAccount><Department></Department>` +
		`<JobNumber>` + m.JobNum + `</JobNumber><SentTime>2025-12-01 12:00:00</SentTime><Status>SUCCESS</Status>` +
		`<Result>Test mode - not sent</Result><Message></Message><Price>0.00</Price><Detail>SMSParts:1</Detail>` +
		`<URL>` + def + `</URL><RESPONSEMODE>XML</RESPONSEMODE></root>`
	equal(t, "XML webhook", reqs[0], hookRequest{"POST", "/default", "text/xml", want})

	// A reply in XML escapes the text.
	if _, err := h.srv.Inbound("+61421000001", "<ok> & fine", ""); err != nil {
		t.Fatal(err)
	}
	reqs = rc.wait(t, 2)
	if !strings.Contains(reqs[1].body, "<Type>SMSReply</Type>") || !strings.Contains(reqs[1].body, "<Message>&lt;ok&gt; &amp; fine</Message>") ||
		!strings.Contains(reqs[1].body, "<Status>RECEIVED</Status><Result>RECEIVED</Result>") {
		t.Errorf("XML reply webhook %s", reqs[1].body)
	}

	// A message with its own (loopback http) URL uses it, JSON by default.
	own := strings.Replace(rc.ts.URL, "127.0.0.1", "localhost", 1) + "/own"
	h.send(`{"MessageID":"x2","Message":"hi","WebhookCallbackURL":"` + own + `","Destinations":[{"Recipient":"+61421000002"}]}`)
	reqs = rc.wait(t, 3)
	equal(t, "own URL", []string{reqs[2].path, reqs[2].contentType}, []string{"/own", "application/json"})

	// A plain inbound SMS goes to the account default.
	if _, err := h.srv.Inbound("+61 421 000 099", "who is this?", ""); err != nil {
		t.Fatal(err)
	}
	reqs = rc.wait(t, 4)
	equal(t, "inbound webhook", reqs[3], hookRequest{"POST", "/default", "application/json",
		hookJSON("SMSInbound", "+61421000099", "", "", "", "", "2025-12-01 12:00:00", "RECEIVED", "RECEIVED", "who is this?", "", "", def)})

	// The account default format applies to inbound SMS and to messages
	// without a format.
	rc2 := newReceiver(t, false, nil)
	h2 := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: rc2.ts.URL, WebhookFormat: "xml"})
	if _, err := h2.srv.Inbound("+61421000099", "hi", ""); err != nil {
		t.Fatal(err)
	}
	equal(t, "default XML", rc2.wait(t, 1)[0].contentType, "text/xml")
}

func TestWebhookRetryAfterFailure(t *testing.T) {
	rc := newReceiver(t, false, func(n int) int {
		if n == 1 {
			return http.StatusInternalServerError
		}
		return http.StatusNoContent
	})
	h := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: rc.ts.URL + "/h", WebhookRetryInterval: 20 * time.Millisecond})
	h.send(`{"MessageID":"r1","Mode":"Test","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	reqs := rc.wait(t, 2)
	equal(t, "same body retried", reqs[1].body, reqs[0].body)
	time.Sleep(60 * time.Millisecond)
	equal(t, "no more attempts after success", len(rc.requests()), 2)
	atts := h.srv.WebhookAttempts()
	equal(t, "attempt log", []any{len(atts), atts[0].Attempt, atts[0].StatusCode, atts[1].Attempt, atts[1].StatusCode, atts[1].Err},
		[]any{2, 1, 500, 2, 204, ""})
	equal(t, "first error", atts[0].Err, "webhook receiver answered HTTP 500")
}

func TestWebhookHorizonStopsRetries(t *testing.T) {
	rc := newReceiver(t, false, func(int) int { return http.StatusServiceUnavailable })
	h := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: rc.ts.URL,
		WebhookRetryInterval: 10 * time.Millisecond, WebhookHorizon: 60 * time.Millisecond})
	h.send(`{"Mode":"Test","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	rc.wait(t, 2)
	time.Sleep(300 * time.Millisecond)
	n := len(rc.requests())
	if n < 2 || n > 8 {
		t.Errorf("%d attempts within a 60ms horizon at 10ms intervals", n)
	}
	time.Sleep(100 * time.Millisecond)
	equal(t, "attempts after the horizon", len(rc.requests()), n)
	equal(t, "attempt log", len(h.srv.WebhookAttempts()), n)

	// A transport error is a failure too; Reset drops the queue and the log.
	h2 := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: "http://127.0.0.1:1/closed", WebhookRetryInterval: time.Hour})
	h2.send(`{"Mode":"Test","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	waitFor(t, "a failed attempt", func() bool { return len(h2.srv.WebhookAttempts()) == 1 })
	a := h2.srv.WebhookAttempts()[0]
	if a.StatusCode != 0 || a.Err == "" {
		t.Errorf("transport failure recorded as %+v", a)
	}
	h2.srv.Reset()
	equal(t, "attempts after reset", len(h2.srv.WebhookAttempts()), 0)
	equal(t, "queue after reset", h2.srv.QueuedWebhooks(), 0)
}

func TestWebhookURLRules(t *testing.T) {
	md := func(url string) string {
		return `{"MessageData":{"Message":"hi","WebhookCallbackURL":"` + url + `","Destinations":[{"Recipient":"+61421000001"}]}}`
	}
	strict := newHarness(t, mockapi.Options{})
	lax := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true})
	for _, u := range []string{"https://example.com/hook", "HTTPS://example.com"} {
		strict.ok("POST", sendPath, md(u))
		lax.ok("POST", sendPath, md(u))
	}
	for _, u := range []string{"http://127.0.0.1:9/h", "http://localhost/h", "http://[::1]:8080/h", "http://127.1.2.3/h"} {
		strict.failID(http.StatusBadRequest, mockapi.ErrWebhookHTTPS, "", "POST", sendPath, md(u))
		lax.ok("POST", sendPath, md(u))
	}
	for _, u := range []string{"http://example.com/h", "http://10.0.0.1/h", "http://localhost.example.com/h", "example.com", "//127.0.0.1/h"} {
		lax.failID(http.StatusBadRequest, mockapi.ErrWebhookHTTPS, "", "POST", sendPath, md(u))
	}
	lax.failID(http.StatusBadRequest, "Invalid WebhookCallbackURL", "", "POST", sendPath, md("https://"))

	// The account default follows the same rule; bad options are errors.
	for _, o := range []mockapi.Options{
		{WebhookURL: "http://example.com/h", AllowHTTPWebhooks: true},
		{WebhookURL: "http://127.0.0.1/h"},
		{WebhookFormat: "YAML"},
		{DeliveryDelay: -time.Second},
		{WebhookRetryInterval: -1},
		{WebhookHorizon: -1},
	} {
		if srv, err := mockapi.New(o); err == nil {
			srv.Close()
			t.Errorf("New(%+v) succeeded", o)
		}
	}
	srv, err := mockapi.New(mockapi.Options{WebhookURL: "http://127.0.0.1:9/h", AllowHTTPWebhooks: true})
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
}

// TestCloseStopsPromptly: Close cancels a webhook in flight, stops the
// background loop and leaves no goroutines behind.
func TestCloseStopsPromptly(t *testing.T) {
	before := runtime.NumGoroutine()
	release := make(chan struct{})
	arrived := make(chan struct{}, 10)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	srv, err := mockapi.New(mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: recv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Inbound("+61421000001", "hi", ""); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(5 * time.Second):
		t.Fatal("webhook did not arrive")
	}
	start := time.Now()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Close took %s with a hanging receiver", d)
	}
	_ = srv.Close() // idempotent
	close(release)
	recv.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after Close, %d before:\n%s", n, before, buf[:runtime.Stack(buf, true)])
	}
}

// TestRealClockLifecycle runs without a fake clock: the background loop
// completes a message after the delivery delay and sends its webhook.
func TestRealClockLifecycle(t *testing.T) {
	rc := newReceiver(t, false, nil)
	s := mocktest.Start(t, mockapi.Options{Tokens: []string{testToken}, DeliveryDelay: 50 * time.Millisecond, AllowHTTPWebhooks: true, WebhookURL: rc.ts.URL})
	h := &harness{t: t, srv: s.Server, ts: s.HTTP, token: testToken}
	id := h.send(`{"Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}`)
	equal(t, "status at once", h.status(id)["Status"], "Pending")
	reqs := rc.wait(t, 1) // nobody polls: the loop's timer does it
	if !strings.Contains(reqs[0].body, `"Status":"SUCCESS"`) {
		t.Errorf("webhook %s", reqs[0].body)
	}
	equal(t, "status later", h.status(id)["Status"], "Completed")
}
