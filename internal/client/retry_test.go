package client

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

const contactOK = `{"Result":"Success","Contact":{"ContactID":"c1","FirstName":"Jane"}}`

// failingStub answers the first `failures` requests with status (and a
// Retry-After header when retryAfter is set), then contactOK. It counts
// every request.
func failingStub(t *testing.T, failures int, status int, retryAfter string) (string, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if int(n.Add(1)) <= failures {
			if retryAfter != "" {
				w.Header().Set("Retry-After", retryAfter)
			}
			writeBody(w, status, fmt.Sprintf(`{"Result":"Failed","ErrorMessage":["injected %d"]}`, status))
			return
		}
		writeBody(w, 200, contactOK)
	})
	return base, &n
}

// call performs one client method chosen by name.
func call(ctx context.Context, c *Client, op string) error {
	var err error
	switch op {
	case "GET":
		_, err = c.GetContact(ctx, "c1")
	case "POST": // a send: a plain POST, never recovered or replayed after an unknown outcome
		_, err = c.SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
	case "PATCH":
		_, err = c.UpdateContact(ctx, "c1", Contact{FirstName: "Jane"})
	case "DELETE":
		err = c.DeleteContact(ctx, "c1")
	case "POST member": // replayable POST
		err = c.AddContactToGroup(ctx, "g1", "c1")
	default:
		panic(op)
	}
	return err
}

func TestRetryPolicyOnStatus(t *testing.T) {
	for _, tc := range []struct {
		op           string
		status       int
		failures     int
		wantAttempts int32
		wantOK       bool
	}{
		{"GET", 500, 2, 3, true},
		{"GET", 502, 1, 2, true},
		{"GET", 503, 1, 2, true},
		{"GET", 429, 2, 3, true},
		{"GET", 500, 5, 3, false}, // MaxRetries 2: gives up after 3 attempts with the last answer
		{"GET", 501, 1, 1, false}, // Not Implemented is not transient
		{"GET", 400, 1, 1, false},
		{"GET", 404, 1, 1, false},
		{"PATCH", 500, 1, 2, true},
		{"DELETE", 502, 1, 2, true},
		{"POST", 500, 1, 1, false}, // a create may have happened: never replayed
		{"POST", 502, 1, 1, false},
		{"POST", 503, 1, 1, false},
		{"POST", 429, 2, 3, true}, // rate limited: nothing happened, replay
		{"POST", 429, 5, 3, false},
		{"POST member", 500, 1, 2, true}, // replayable POST
	} {
		t.Run(fmt.Sprintf("%s %d×%d", tc.op, tc.status, tc.failures), func(t *testing.T) {
			base, n := failingStub(t, tc.failures, tc.status, "")
			err := call(context.Background(), newTestClient(t, base), tc.op)
			if got := n.Load(); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tc.wantAttempts)
			}
			if tc.wantOK {
				if err != nil {
					t.Errorf("error = %v, want success", err)
				}
				return
			}
			ae := apiErr(t, err)
			if ae.StatusCode != tc.status || ae.Messages[0] != fmt.Sprintf("injected %d", tc.status) {
				t.Errorf("APIError = %+v, want the last answer (%d)", ae, tc.status)
			}
		})
	}
}

func TestMaxRetriesZeroDisablesRetries(t *testing.T) {
	for _, status := range []int{500, 429} {
		base, n := failingStub(t, 1, status, "")
		err := call(context.Background(), newTestClient(t, base, withRetries(0)), "GET")
		if ae := apiErr(t, err); ae.StatusCode != status {
			t.Errorf("status = %d, want %d", ae.StatusCode, status)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("%d: attempts = %d, want 1", status, got)
		}
	}
}

// Seeded fault injection in the mock: GETs fail with 500 until the seeded
// sequence lets one through; the client retries through all of them.
func TestGETRetriedThroughMockFaults(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	contact := m.srv.PutContact(mockapi.Contact{FirstName: "Jane"})
	m.srv.SetFaults(mockapi.Faults{Rate: 0.7, Statuses: []int{500, 429}, Seed: 4, Methods: []string{"GET"}})
	c := m.client(t, withRetries(10))

	got, err := c.GetContact(context.Background(), contact.ContactID)
	if err != nil {
		t.Fatalf("GetContact: %v", err)
	}
	if got.ID != contact.ContactID {
		t.Errorf("ID = %q", got.ID)
	}
	reqs := m.rec.all()
	if len(reqs) < 2 {
		t.Fatalf("seed 4 injected no fault (%d request); pick another seed", len(reqs))
	}
	for i, r := range reqs {
		want := http.StatusOK
		if i < len(reqs)-1 {
			if r.Status != 500 && r.Status != 429 {
				t.Errorf("attempt %d answered %d, want an injected 500/429", i+1, r.Status)
			}
			if r.Header.Get("Authorization") != "Basic "+testToken {
				t.Errorf("attempt %d lost its Authorization header", i+1)
			}
			continue
		}
		if r.Status != want {
			t.Errorf("last attempt answered %d, want 200", r.Status)
		}
	}
	if n := m.routes()["GET addressbook/contact/{id}"]; n != len(reqs) {
		t.Errorf("mock counted %d attempts, recorder %d", n, len(reqs))
	}
}

func TestMockFaultsOnPOST(t *testing.T) {
	ctx := context.Background()

	// A create whose outcome is unknown is never replayed blindly: the
	// client looks for the contact first (createRecovering). These mocks run
	// on the real clock, as the look-up compares creation times.
	t.Run("500 before the change: re-sent only after confirming nothing was created", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Now: time.Now, Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, Methods: []string{"POST"}}})
		_, err := m.client(t, withRetries(3)).CreateContact(ctx, Contact{FirstName: "Jane"})
		ae := apiErr(t, err)
		if ae.StatusCode != 500 || ae.Messages[0] != "Error occurred while creating job" {
			t.Errorf("APIError = %+v", ae)
		}
		var seq []string
		for _, r := range m.rec.all() {
			seq = append(seq, r.Method+" "+strings.TrimPrefix(r.Path, "/api/v2.04/"))
		}
		// Every unknown outcome is looked up, the last one too: the
		// error then says for sure that nothing was created.
		want := []string{
			"POST addressbook/contact", "GET addressbook/contact/list",
			"POST addressbook/contact", "GET addressbook/contact/list",
			"POST addressbook/contact", "GET addressbook/contact/list",
			"POST addressbook/contact", "GET addressbook/contact/list",
		}
		if !slices.Equal(seq, want) {
			t.Errorf("requests = %q\nwant       %q", seq, want)
		}
		if IsUnknownOutcome(err) || !strings.Contains(err.Error(), "so it was not created") {
			t.Errorf("error = %v, want a definite \"not created\"", err)
		}
		if n := len(m.srv.Contacts()); n != 0 {
			t.Errorf("%d contacts stored", n)
		}
	})

	t.Run("500 after the change: one POST, the created contact is adopted", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Now: time.Now, Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, AfterFraction: 1, Methods: []string{"POST"}}})
		got, err := m.client(t, withRetries(3)).CreateContact(ctx, Contact{FirstName: "Jane", MobilePhone: "+61421000001"})
		if err != nil {
			t.Fatalf("CreateContact: %v", err)
		}
		if n := m.routes()["POST addressbook/contact"]; n != 1 {
			t.Errorf("POST attempts = %d, want 1", n)
		}
		stored := m.srv.Contacts()
		if len(stored) != 1 {
			t.Fatalf("%d contacts stored, want exactly 1 (no duplicate)", len(stored))
		}
		if got.ID != stored[0].ContactID || got.FirstName != "Jane" {
			t.Errorf("returned %+v, want the stored contact %s", got, stored[0].ContactID)
		}
	})

	t.Run("an identical contact created earlier by this client is not adopted", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Now: time.Now})
		c := m.client(t, withRetries(1))
		first, err := c.CreateContact(ctx, Contact{FirstName: "Twin"})
		if err != nil {
			t.Fatal(err)
		}
		m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}, AfterFraction: 1, Methods: []string{"POST"}})
		second, err := c.CreateContact(ctx, Contact{FirstName: "Twin"})
		if err != nil {
			t.Fatal(err)
		}
		if second.ID == first.ID || len(m.srv.Contacts()) != 2 {
			t.Errorf("second create adopted %s (first %s); %d contacts stored, want 2", second.ID, first.ID, len(m.srv.Contacts()))
		}
	})

	t.Run("a contact created before the request is not adopted", func(t *testing.T) {
		// "Before" by the API's own clock, an hour behind this machine's.
		apiClock := func() time.Time { return time.Now().Add(-time.Hour) }
		m := newMock(t, mockapi.Options{Now: apiClock})
		m.srv.PutContact(mockapi.Contact{FirstName: "Old", Created: apiClock().Add(-time.Minute)})
		m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}, Methods: []string{"POST"}})
		_, err := m.client(t, withRetries(1)).CreateContact(ctx, Contact{FirstName: "Old"})
		if apiErr(t, err).StatusCode != 500 {
			t.Errorf("err = %v, want the 500", err)
		}
		if n := m.routes()["POST addressbook/contact"]; n != 2 {
			t.Errorf("POST attempts = %d, want 2 (re-sent after finding no new contact)", n)
		}
	})

	t.Run("a send is never re-sent after a 500", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Now: time.Now, Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}, AfterFraction: 1, Methods: []string{"POST"}}})
		id, err := m.client(t, withRetries(3)).SendSMS(ctx, SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
		if apiErr(t, err).StatusCode != 500 || id == "" {
			t.Errorf("SendSMS = %q, %v; want the generated id and the 500", id, err)
		}
		if n := m.routes()["POST send/sms"]; n != 1 {
			t.Errorf("send attempts = %d, want 1", n)
		}
	})

	t.Run("429 is retried until the retries run out", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{429}, Methods: []string{"POST"}}})
		_, err := m.client(t, withRetries(3)).CreateContact(ctx, Contact{FirstName: "Jane"})
		ae := apiErr(t, err)
		if ae.StatusCode != 429 || ae.Messages[0] != "Too many requests" || IsNotFound(err) {
			t.Errorf("APIError = %+v", ae)
		}
		if n := m.routes()["POST addressbook/contact"]; n != 4 {
			t.Errorf("POST attempts = %d, want 4", n)
		}
		if n := len(m.srv.Contacts()); n != 0 {
			t.Errorf("%d contacts stored", n)
		}
	})

	t.Run("GET exhausts its retries on permanent 500s", func(t *testing.T) {
		m := newMock(t, mockapi.Options{Faults: mockapi.Faults{Rate: 1, Statuses: []int{500}}})
		_, err := m.client(t, withRetries(3)).ListContacts(ctx)
		if ae := apiErr(t, err); ae.StatusCode != 500 || ae.Path != "addressbook/contact/list" {
			t.Errorf("APIError = %+v", ae)
		}
		if n := m.routes()["GET addressbook/contact/list"]; n != 4 {
			t.Errorf("GET attempts = %d, want 4", n)
		}
	})
}

// flakyDialer fails its first dial with a dial *net.OpError, as a refused
// connection does, then dials for real.
type flakyDialer struct {
	failures atomic.Int32
	dials    atomic.Int32
}

func (d *flakyDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.dials.Add(1) <= d.failures.Load() {
		return nil, &net.OpError{Op: "dial", Net: network, Err: errors.New("connect: connection refused")}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, addr)
}

func TestDialErrorRetriedEvenForPOST(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	d := &flakyDialer{}
	d.failures.Store(1)
	hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	c := m.client(t, func(cfg *Config) { cfg.HTTPClient = hc })

	got, err := c.CreateContact(context.Background(), Contact{FirstName: "Jane"})
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	if n := d.dials.Load(); n != 2 {
		t.Errorf("dials = %d, want 2", n)
	}
	if n := m.routes()["POST addressbook/contact"]; n != 1 {
		t.Errorf("POSTs received = %d, want 1", n)
	}
	if stored := m.srv.Contacts(); len(stored) != 1 || stored[0].ContactID != got.ID {
		t.Errorf("stored = %+v", stored)
	}

	// With retries off the dial error comes back as is.
	d.dials.Store(0)
	c0 := m.client(t, withRetries(0), func(cfg *Config) { cfg.HTTPClient = hc })
	_, err = c0.CreateContact(context.Background(), Contact{FirstName: "Jane"})
	var opErr *net.OpError
	if !errors.As(err, &opErr) || opErr.Op != "dial" {
		t.Errorf("error = %v, want the dial error", err)
	}
	if IsNotFound(err) || IsUnauthorized(err) {
		t.Errorf("dial error classified as not-found/unauthorized")
	}
}

// A connection closed after the request was sent leaves the outcome
// unknown: a POST must not be replayed, a GET may be.
func TestConnectionDroppedAfterSend(t *testing.T) {
	for _, tc := range []struct {
		op           string
		wantAttempts int32
		wantOK       bool
	}{
		{"POST", 1, false},
		{"GET", 2, true},
		{"PATCH", 2, true},
		{"POST member", 2, true},
	} {
		t.Run(tc.op, func(t *testing.T) {
			var n atomic.Int32
			base := stub(t, func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				if n.Add(1) == 1 {
					conn, _, err := http.NewResponseController(w).Hijack()
					if err != nil {
						t.Errorf("hijack: %v", err)
						return
					}
					_ = conn.Close()
					return
				}
				writeBody(w, 200, contactOK)
			})
			hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
			c := newTestClient(t, base, func(cfg *Config) { cfg.HTTPClient = hc })
			err := call(context.Background(), c, tc.op)
			if got := n.Load(); got != tc.wantAttempts {
				t.Errorf("attempts = %d, want %d", got, tc.wantAttempts)
			}
			if tc.wantOK && err != nil {
				t.Errorf("error = %v", err)
			}
			if !tc.wantOK {
				var ae *APIError
				if err == nil || errors.As(err, &ae) {
					t.Errorf("error = %v, want a transport error", err)
				}
			}
		})
	}
}

func TestPOSTNotRetriedOnTimeout(t *testing.T) {
	var n atomic.Int32
	release := make(chan struct{})
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	t.Cleanup(func() { close(release) }) // runs before the server's Close
	hc := &http.Client{Timeout: 100 * time.Millisecond}
	c := newTestClient(t, base, withRetries(3), func(cfg *Config) { cfg.HTTPClient = hc })
	_, err := c.CreateContact(context.Background(), Contact{FirstName: "Jane"})
	if err == nil {
		t.Fatal("CreateContact succeeded against a hanging server")
	}
	if got := n.Load(); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

func TestRetryAfterHonoured(t *testing.T) {
	base, n := failingStub(t, 1, 429, "1")
	c := newTestClient(t, base, func(cfg *Config) { cfg.RetryWaitMax = 5 * time.Second })
	start := time.Now()
	if err := call(context.Background(), c, "POST"); err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	if elapsed := time.Since(start); elapsed < 900*time.Millisecond || elapsed > 4*time.Second {
		t.Errorf("took %s, want about the 1s Retry-After", elapsed)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}

func TestRetryAfterBeyondDeadlineStopsAtOnce(t *testing.T) {
	for _, status := range []int{429, 503} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			base, n := failingStub(t, 100, status, "30")
			c := newTestClient(t, base, withRetries(5), func(cfg *Config) { cfg.RetryWaitMax = time.Minute })
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			start := time.Now()
			err := call(ctx, c, "GET")
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("took %s, want an immediate answer", elapsed)
			}
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
				t.Fatalf("error = %v, want the %d answer, not a context error", err, status)
			}
			if ae := apiErr(t, err); ae.StatusCode != status {
				t.Errorf("status = %d, want %d", ae.StatusCode, status)
			}
			if got := n.Load(); got != 1 {
				t.Errorf("attempts = %d, want 1", got)
			}
		})
	}
}

func TestContextCancellationStopsRetries(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var n atomic.Int32
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			cancel()
		}
		writeBody(w, 500, `{"Result":"Failed","ErrorMessage":["down"]}`)
	})
	c := newTestClient(t, base, withRetries(50), func(cfg *Config) {
		cfg.RetryWaitMin, cfg.RetryWaitMax = 20*time.Millisecond, 20*time.Millisecond
	})
	start := time.Now()
	err := call(ctx, c, "GET")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
	if elapsed := time.Since(start); elapsed > time.Second {
		t.Errorf("took %s", elapsed)
	}

	// An already cancelled context sends nothing.
	n.Store(10)
	if err := call(ctx, c, "GET"); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if got := n.Load(); got != 10 {
		t.Errorf("a request was sent with a cancelled context")
	}
}

// A certificate nobody trusts will not be trusted on the next attempt
// either: no retry.
func TestUntrustedCertificateNotRetried(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeBody(w, 200, contactOK)
	}))
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // handshake failures are expected
	ts.StartTLS()
	t.Cleanup(ts.Close)

	var dials atomic.Int32
	hc := &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}}
	c := newTestClient(t, ts.URL+"/api", withRetries(3), func(cfg *Config) { cfg.HTTPClient = hc })
	_, err := c.GetContact(context.Background(), "c1")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("error = %v, want an unknown-authority error", err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("attempts = %d, want 1", n)
	}
}

// ---- unit tests of the policy functions ----

func TestBackoffBounds(t *testing.T) {
	const minWait, maxWait = 10 * time.Millisecond, 200 * time.Millisecond
	ceilingsMS := []int{10, 20, 40, 80, 160, 200, 200, 200}
	for attempt, ms := range ceilingsMS {
		ceiling := time.Duration(ms) * time.Millisecond
		var hi time.Duration
		for range 500 {
			w := backoff(minWait, maxWait, attempt, nil)
			if w < minWait || w > ceiling {
				t.Fatalf("attempt %d: wait %s outside [%s, %s]", attempt, w, minWait, ceiling)
			}
			hi = max(hi, w)
		}
		// The spread grows with the attempt: the largest of 500 draws is
		// in the top quarter of the range (a failure here is ~1e-60 likely).
		if attempt > 0 && hi < ceiling-(ceiling-minWait)/4 {
			t.Errorf("attempt %d: largest wait %s, want close to %s", attempt, hi, ceiling)
		}
	}
	if w := backoff(minWait, maxWait, 0, nil); w != minWait {
		t.Errorf("attempt 0: wait %s, want exactly %s", w, minWait)
	}
	if w := backoff(minWait, minWait, 5, nil); w != minWait {
		t.Errorf("min == max: wait %s", w)
	}
	for _, attempt := range []int{62, 63, 64, 1000, 100000} {
		if w := backoff(time.Second, 30*time.Second, attempt, nil); w < time.Second || w > 30*time.Second {
			t.Errorf("attempt %d: wait %s overflowed", attempt, w)
		}
	}
	// Server errors without Retry-After use the same jittered backoff.
	resp := &http.Response{StatusCode: 500, Header: http.Header{"Retry-After": {"7"}}}
	if w := backoff(minWait, maxWait, 2, resp); w < minWait || w > 40*time.Millisecond {
		t.Errorf("500 with Retry-After: wait %s, want the jittered backoff", w)
	}
}

func TestBackoffRetryAfter(t *testing.T) {
	future := time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)
	for _, tc := range []struct {
		status     int
		retryAfter string
		want       time.Duration // -1: jittered backoff in [min, min·2^attempt]
		wantMin    time.Duration // for HTTP dates
	}{
		{429, "2", 2 * time.Second, 0},
		{503, "2", 2 * time.Second, 0},
		{429, "0", 0, 0},
		{429, "120", 30 * time.Second, 0}, // capped at RetryWaitMax
		{429, "Mon, 01 Jan 2001 00:00:00 GMT", 0, 0},
		{429, future, -2, 1 * time.Second},
		{429, "soon", -1, 0},
		{429, "-5", -1, 0},
		{429, "", -1, 0},
		{502, "2", -1, 0},
	} {
		resp := &http.Response{StatusCode: tc.status, Header: http.Header{}}
		if tc.retryAfter != "" {
			resp.Header.Set("Retry-After", tc.retryAfter)
		}
		w := backoff(100*time.Millisecond, 30*time.Second, 1, resp)
		switch tc.want {
		case -1:
			if w < 100*time.Millisecond || w > 200*time.Millisecond {
				t.Errorf("%d Retry-After %q: wait %s, want the jittered backoff", tc.status, tc.retryAfter, w)
			}
		case -2:
			if w < tc.wantMin || w > 3*time.Second {
				t.Errorf("%d Retry-After %q: wait %s, want about 3s", tc.status, tc.retryAfter, w)
			}
		default:
			if w != tc.want {
				t.Errorf("%d Retry-After %q: wait %s, want %s", tc.status, tc.retryAfter, w, tc.want)
			}
		}
	}
}

func TestRetryPolicyOnTransportErrors(t *testing.T) {
	get := &callState{replayable: true}
	post := &callState{change: true}
	replayablePost := &callState{replayable: true, change: true}
	attempt := func(sent bool, timeout time.Duration, err error) error {
		return &url.Error{Op: "Post", URL: "https://api.example/x",
			Err: &AttemptError{Method: "POST", Route: "x", Sent: sent, Timeout: timeout, Err: err}}
	}
	dial := attempt(false, 0, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")})
	dns := attempt(false, 0, &net.DNSError{Err: "no such host", Name: "api.example", IsNotFound: true})
	reset := attempt(true, 0, &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")})
	eof := attempt(true, 0, io.ErrUnexpectedEOF)
	timedOut := attempt(true, time.Second, context.DeadlineExceeded)
	connectTimeout := attempt(false, time.Second, context.DeadlineExceeded)
	tooLarge := attempt(true, 0, ErrResponseTooLarge)
	badCert := attempt(false, 0, x509.UnknownAuthorityError{})
	scheme := &url.Error{Op: "Get", URL: "ftp://x", Err: errors.New(`unsupported protocol scheme "ftp"`)}

	for _, tc := range []struct {
		name string
		call *callState
		err  error
		want bool
	}{
		{"GET dial", get, dial, true},
		{"GET reset", get, reset, true},
		{"GET EOF", get, eof, true},
		{"GET attempt timeout", get, timedOut, true},
		{"POST dial", post, dial, true},
		{"POST DNS", post, dns, true},
		{"POST connect timeout, nothing sent", post, connectTimeout, true},
		{"POST reset after sending", post, reset, false},
		{"POST EOF", post, eof, false},
		{"POST timeout after sending", post, timedOut, false},
		{"replayable POST reset", replayablePost, reset, true},
		{"GET answer too large", get, tooLarge, false},
		{"GET bad certificate", get, badCert, false},
		{"GET unsupported scheme", get, scheme, false},
		{"GET operation deadline", get, &url.Error{Op: "Get", URL: "x", Err: context.DeadlineExceeded}, false},
		{"GET cancelled", get, &url.Error{Op: "Get", URL: "x", Err: context.Canceled}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.call.wants(nil, tc.err); got != tc.want {
				t.Errorf("retry = %v, want %v", got, tc.want)
			}
		})
	}
}
