package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// Tests of the client against the mock's network faults: every way a
// hostile network can answer, and what the client makes of it.

func netFaults(rules ...mockapi.NetFault) mockapi.Faults { return mockapi.Faults{Network: rules} }

func onCreate(mode mockapi.NetFaultMode) mockapi.NetFault {
	return mockapi.NetFault{Mode: mode, Method: "POST", Path: "addressbook/contact", Count: 1}
}

func withTimeout(d time.Duration) func(*Config) { return func(c *Config) { c.RequestTimeout = d } }

// requestSeq lists the requests the mock received as "METHOD route-ish".
func requestSeq(m *mockEnv) []string {
	var seq []string
	for _, r := range m.rec.all() {
		seq = append(seq, r.Method+" "+strings.TrimPrefix(r.Path, "/api/v2.04/"))
	}
	return seq
}

// Case 1 and cases 2, 4 and 8 for a create: whatever hides the answer of a
// create the API carried out, the client finds the contact instead of
// creating a second one, and never returns one without an id.
func TestCreateRecoveredAfterUnknownOutcome(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault mockapi.NetFault
	}{
		{"answer after the request timeout", mockapi.NetFault{Mode: mockapi.NetDelay, Delay: mockapi.Duration(3 * time.Second)}},
		{"connection reset after applying", mockapi.NetFault{Mode: mockapi.NetResetAfter}},
		{"truncated body", mockapi.NetFault{Mode: mockapi.NetTruncate}},
		{"empty 200", mockapi.NetFault{Mode: mockapi.NetEmpty}},
		{"HTML 502 after applying", mockapi.NetFault{Mode: mockapi.NetHTML502, After: true}},
		{"success without the object", mockapi.NetFault{Mode: mockapi.NetNoObject}},
		{"oversized answer", mockapi.NetFault{Mode: mockapi.NetOversized, Size: 2 << 20}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			tc.fault.Method, tc.fault.Path, tc.fault.Count = "POST", "addressbook/contact", 1
			m.srv.SetFaults(netFaults(tc.fault))
			c := m.client(t, withTimeout(time.Second), func(c *Config) { c.MaxResponseBytes = 1 << 20 })
			got, err := c.CreateContact(context.Background(), Contact{FirstName: "Jane", MobilePhone: "+61421000001"})
			if err != nil {
				t.Fatalf("CreateContact: %v", err)
			}
			stored := m.srv.Contacts()
			if len(stored) != 1 {
				t.Fatalf("mock holds %d contacts, want exactly 1", len(stored))
			}
			if got.ID == "" || got.ID != stored[0].ContactID || got.FirstName != "Jane" {
				t.Errorf("returned %+v, want the stored contact %s", got, stored[0].ContactID)
			}
			if want := []string{"POST addressbook/contact", "GET addressbook/contact/list"}; !slices.Equal(requestSeq(m), want) {
				t.Errorf("requests = %q, want %q", requestSeq(m), want)
			}
		})
	}
}

// Faults before the API saw the create: the look-up finds nothing and the
// create is sent again, once.
func TestCreateResentWhenNotApplied(t *testing.T) {
	for _, fault := range []mockapi.NetFault{
		{Mode: mockapi.NetResetBefore},
		{Mode: mockapi.NetHTML502},
		{Mode: mockapi.NetRedirect, Location: "http://127.0.0.1:9/api/v2.04/addressbook/contact", Status: http.StatusFound},
	} {
		t.Run(string(fault.Mode), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			fault.Method, fault.Path, fault.Count = "POST", "addressbook/contact", 1
			m.srv.SetFaults(netFaults(fault))
			got, err := m.client(t).CreateContact(context.Background(), Contact{FirstName: "Jane"})
			if err != nil {
				t.Fatalf("CreateContact: %v", err)
			}
			if stored := m.srv.Contacts(); len(stored) != 1 || stored[0].ContactID != got.ID {
				t.Fatalf("mock holds %+v, want exactly the returned contact %s", stored, got.ID)
			}
			want := []string{"POST addressbook/contact", "GET addressbook/contact/list", "POST addressbook/contact"}
			if !slices.Equal(requestSeq(m), want) {
				t.Errorf("requests = %q, want %q", requestSeq(m), want)
			}
		})
	}
}

// Case 2 for groups: a truncated answer to a group create is resolved by
// the group's code, so later applies do not fail on "already exists".
func TestGroupCreateRecoveredFromTruncatedAnswer(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetTruncate, Method: "POST", Path: "addressbook/group", Count: 1}))
	got, err := m.client(t).CreateGroup(context.Background(), Group{Name: "On Call"})
	if err != nil {
		t.Fatalf("CreateGroup: %v", err)
	}
	stored := m.srv.Groups()
	if len(stored) != 1 || got.ID != stored[0].GroupID || got.Code != "On_Call" {
		t.Fatalf("returned %+v, mock holds %+v", got, stored)
	}
}

// Stub answers a mock cannot give: success with a null or id-less object.
func TestCreateAnsweredWithoutID(t *testing.T) {
	for _, answer := range []string{
		`{"Result":"Success","Contact":null}`,
		`{"Result":"Success","Contact":{"FirstName":"Jane"}}`,
		`{"Result":"Success","Contact":{"ContactID":7}}`,
	} {
		t.Run(answer, func(t *testing.T) {
			var posts atomic.Int32
			base := stub(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					posts.Add(1)
					writeBody(w, 200, answer)
					return
				}
				writeBody(w, 200, `{"Result":"Success","TotalRecords":0,"PageCount":0,"Page":1,"Contacts":[]}`)
			})
			got, err := newTestClient(t, base, withRetries(1)).CreateContact(context.Background(), Contact{FirstName: "Jane"})
			if err == nil || got != nil {
				t.Fatalf("CreateContact = %+v, %v; want an error and no contact", got, err)
			}
			if !strings.Contains(err.Error(), "so it was not created") {
				t.Errorf("error = %v, want the look-up's verdict", err)
			}
			if n := posts.Load(); n != 2 {
				t.Errorf("POSTs = %d, want 2 (sent again after finding nothing)", n)
			}
		})
	}
}

// Case 3: two identical contacts created at once. The first create is
// answered late, the second fails before reaching the API. The second's
// recovery must not adopt the first's contact.
func TestIdenticalCreatesNeverShareAnObject(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	m.srv.SetFaults(netFaults(
		mockapi.NetFault{Mode: mockapi.NetDelay, Method: "POST", Path: "addressbook/contact", Count: 1, Delay: mockapi.Duration(1500 * time.Millisecond)},
		mockapi.NetFault{Mode: mockapi.NetHTML502, Method: "POST", Path: "addressbook/contact", Count: 1},
	))
	c := m.client(t, withTimeout(10*time.Second))
	ctx := context.Background()
	in := Contact{FirstName: "Twin", MobilePhone: "+61421000009"}

	type result struct {
		ct  *Contact
		err error
	}
	first := make(chan result, 1)
	go func() {
		ct, err := c.CreateContact(ctx, in)
		first <- result{ct, err}
	}()
	for deadline := time.Now().Add(5 * time.Second); len(m.srv.Contacts()) == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first create never reached the mock")
		}
	}
	second, err := c.CreateContact(ctx, in)
	if err != nil {
		t.Fatalf("second CreateContact: %v", err)
	}
	r := <-first
	if r.err != nil {
		t.Fatalf("first CreateContact: %v", r.err)
	}
	if r.ct.ID == second.ID {
		t.Fatalf("both creates returned contact %s", second.ID)
	}
	stored := m.srv.Contacts()
	if len(stored) != 2 {
		t.Fatalf("mock holds %d contacts, want 2", len(stored))
	}
	ids := []string{stored[0].ContactID, stored[1].ContactID}
	if !slices.Contains(ids, r.ct.ID) || !slices.Contains(ids, second.ID) {
		t.Errorf("returned %s and %s, mock holds %v", r.ct.ID, second.ID, ids)
	}
}

// Case 3 across workspaces: an identical contact another run created a
// minute earlier is older than the create and never a candidate; one
// created at the same moment cannot be told apart, so the client stops
// and names every candidate.
func TestRecoveryAcrossWorkspaces(t *testing.T) {
	ctx := context.Background()
	in := Contact{FirstName: "Shared", MobilePhone: "+61421000010"}

	t.Run("created a minute earlier: not adopted", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		foreign := m.srv.PutContact(mockapi.Contact{FirstName: "Shared", MobilePhone: "+61421000010", Created: t0.Add(-time.Minute)})
		m.srv.SetFaults(netFaults(onCreate(mockapi.NetHTML502)))
		got, err := m.client(t).CreateContact(ctx, in)
		if err != nil {
			t.Fatalf("CreateContact: %v", err)
		}
		if got.ID == foreign.ContactID || len(m.srv.Contacts()) != 2 {
			t.Errorf("adopted %s (foreign %s); mock holds %d contacts, want 2", got.ID, foreign.ContactID, len(m.srv.Contacts()))
		}
	})

	t.Run("created at the same moment: an error naming both", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		foreign := m.srv.PutContact(mockapi.Contact{FirstName: "Shared", MobilePhone: "+61421000010"})
		m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetHTML502, After: true, Method: "POST", Count: 1}))
		got, err := m.client(t).CreateContact(ctx, in)
		var amb *AmbiguousCreateError
		if !errors.As(err, &amb) || got != nil {
			t.Fatalf("CreateContact = %+v, %v; want an *AmbiguousCreateError", got, err)
		}
		var ids []string
		for _, ct := range m.srv.Contacts() {
			ids = append(ids, ct.ContactID)
		}
		slices.Sort(ids)
		cands := slices.Sorted(slices.Values(amb.Candidates))
		if len(ids) != 2 || !slices.Equal(cands, ids) || !slices.Contains(ids, foreign.ContactID) {
			t.Errorf("candidates %v, mock holds %v", amb.Candidates, ids)
		}
		for _, id := range ids {
			if !strings.Contains(err.Error(), id) {
				t.Errorf("error %q does not name %s", err, id)
			}
		}
		if n := m.routes()["POST addressbook/contact"]; n != 1 {
			t.Errorf("POSTs = %d, want 1", n)
		}
	})

	t.Run("no Date header: a lone candidate cannot be placed", func(t *testing.T) {
		var posts atomic.Int32
		base := stub(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Date"] = nil // no Date: the API's clock is unknown
			if r.Method == http.MethodPost {
				posts.Add(1)
				writeBody(w, 502, "Bad Gateway")
				return
			}
			writeBody(w, 200, `{"Result":"Success","TotalRecords":1,"PageCount":1,"Page":1,"Contacts":[`+
				`{"ContactID":"old-1","FirstName":"Shared","MobilePhone":"+61421000010","CreatedTimeUTC_RFC3339":"2020-01-01T00:00:00.000Z"}]}`)
		})
		_, err := newTestClient(t, base).CreateContact(ctx, in)
		var amb *AmbiguousCreateError
		if !errors.As(err, &amb) || !slices.Equal(amb.Candidates, []string{"old-1"}) {
			t.Fatalf("error = %v, want an *AmbiguousCreateError naming old-1", err)
		}
		if n := posts.Load(); n != 1 {
			t.Errorf("POSTs = %d, want 1", n)
		}
	})
}

// Cases 2 and 4 for sends: a send whose answer is cut short, empty, late or
// redirected is never sent again, and its error names the message id.
func TestSendWithUnknownOutcomeNamesItsID(t *testing.T) {
	for _, fault := range []mockapi.NetFault{
		{Mode: mockapi.NetTruncate},
		{Mode: mockapi.NetEmpty},
		{Mode: mockapi.NetResetAfter},
		{Mode: mockapi.NetDelay, Delay: mockapi.Duration(3 * time.Second)},
		{Mode: mockapi.NetHTML502, After: true},
		{Mode: mockapi.NetRedirect, Location: "http://127.0.0.1:9/x"},
	} {
		t.Run(string(fault.Mode), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			fault.Method, fault.Path, fault.Count = "POST", "send/sms", 1
			m.srv.SetFaults(netFaults(fault))
			id, err := m.client(t, withRetries(4), withTimeout(time.Second)).SendSMS(context.Background(),
				SendRequest{Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
			if !IsUnknownOutcome(err) || id == "" {
				t.Fatalf("SendSMS = %q, %v; want the id and an unknown outcome", id, err)
			}
			if n := m.routes()["POST send/sms"]; n != 1 {
				t.Errorf("sends = %d, want 1", n)
			}
			if fault.Mode != mockapi.NetRedirect {
				if ms := m.srv.Messages(); len(ms) != 1 || ms[0].MessageID != id {
					t.Errorf("mock holds %d messages, want exactly the one with id %s", len(ms), id)
				}
			}
		})
	}

	// "Success" without a MessageID: the API said it accepted the message,
	// which has the id the client fixed.
	m := newMock(t, mockapi.Options{})
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetNoObject, Path: "send/sms", Count: 1}))
	id, err := m.client(t).SendSMS(context.Background(), SendRequest{MessageID: "mine-1", Message: "hi", Destinations: []Destination{{Recipient: "+61421000001"}}})
	if err != nil || id != "mine-1" || len(m.srv.Messages()) != 1 {
		t.Errorf("SendSMS = %q, %v; %d messages", id, err, len(m.srv.Messages()))
	}
}

// Case 5: a redirect is not followed; the other server never sees the
// token, and the error names where the redirect pointed.
func TestRedirectNotFollowed(t *testing.T) {
	var elsewhere atomic.Int32
	other := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere.Add(1)
		if r.Header.Get("Authorization") != "" {
			t.Errorf("the other origin received Authorization %q", r.Header.Get("Authorization"))
		}
		writeBody(w, 200, `{"Result":"Success","Contact":{"ContactID":"evil"}}`)
	}))

	for _, status := range []int{301, 302, 303, 307, 308} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			ct := m.srv.PutContact(mockapi.Contact{FirstName: "Jane"})
			m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetRedirect, Status: status,
				Location: other.URL + "/api/v2.04/addressbook/contact/" + ct.ContactID + "?token=" + testToken}))
			// A custom HTTP client that would follow redirects does not.
			hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
			_, err := m.client(t, withRetries(3), func(c *Config) { c.HTTPClient = hc }).GetContact(context.Background(), ct.ContactID)
			var re *RedirectError
			if !errors.As(err, &re) || re.StatusCode != status {
				t.Fatalf("error = %v, want a *RedirectError %d", err, status)
			}
			if !strings.HasPrefix(re.Location, other.URL+"/api/v2.04/addressbook/contact/") ||
				strings.Contains(err.Error(), testToken) || !strings.Contains(err.Error(), "base_url") {
				t.Errorf("error = %q, want the Location (token masked) and a pointer to base_url", err)
			}
			if n := len(m.rec.all()); n != 1 {
				t.Errorf("requests = %d, want 1 (a redirect is not retried)", n)
			}
		})
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the other origin received %d requests", n)
	}
}

// Case 6: a listing that never ends stops with an error; items repeated
// across pages are kept once.
func TestListingGuards(t *testing.T) {
	ctx := context.Background()
	m := newMock(t, mockapi.Options{})
	for i := range 5 {
		m.srv.PutContact(mockapi.Contact{FirstName: fmt.Sprint("P", i)})
	}

	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetRepeatItems, Path: "contact/list"}))
	all, err := m.client(t, withPageSize(2)).ListContacts(ctx)
	if err != nil || len(all) != 5 {
		t.Fatalf("ListContacts under repeat-items = %d contacts, %v; want 5", len(all), err)
	}

	m.rec.reset()
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetEndlessPages, Path: "contact/list"}))
	_, err = m.client(t, withPageSize(2)).ListContacts(ctx)
	var pe *PagingError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "repeats only items of earlier pages") {
		t.Fatalf("error = %v, want a *PagingError", err)
	}
	if n := len(m.rec.all()); n != 4 {
		t.Errorf("pages read = %d, want 4 (3 real, 1 repeat)", n)
	}

	// A server that invents new items on every page is stopped by
	// TotalRecords, and one that reports no total by the hard cap.
	for _, tc := range []struct {
		total     int
		wantPages int32
		want      string
	}{
		{3, 3, "announced 3 records (2 pages of 2)"},
		{0, maxListPages, "the most the provider reads"},
	} {
		var pages atomic.Int32
		base := stub(t, func(w http.ResponseWriter, r *http.Request) {
			n := pages.Add(1)
			writeBody(w, 200, fmt.Sprintf(`{"Result":"Success","TotalRecords":%d,"RecordsPerPage":2,"PageCount":%d,"Page":%d,"Contacts":[{"ContactID":"c%d"}]}`,
				tc.total, n+1, n, n))
		})
		_, err := newTestClient(t, base, withRetries(0), withPageSize(2)).ListContacts(ctx)
		if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("total %d: error = %v, want %q", tc.total, err, tc.want)
		}
		if n := pages.Load(); n != tc.wantPages {
			t.Errorf("total %d: pages read = %d, want %d", tc.total, n, tc.wantPages)
		}
	}
}

// Case 8: answers are read up to MaxResponseBytes; a larger one fails
// clearly and is not asked for again.
func TestOversizedAnswer(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	m.srv.PutContact(mockapi.Contact{FirstName: "Jane"})
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetOversized, Path: "contact/list", Size: 3 << 20}))
	_, err := m.client(t, withRetries(3), func(c *Config) { c.MaxResponseBytes = 1 << 20 }).ListContacts(context.Background())
	if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "at most 1 MiB") {
		t.Fatalf("error = %v, want ErrResponseTooLarge naming the limit", err)
	}
	if n := len(m.rec.all()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
	// An announced Content-Length over the limit fails before reading.
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(2<<20))
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"Result":"Success"`))
	})
	_, err = newTestClient(t, base, func(c *Config) { c.MaxResponseBytes = 1 << 20 }).ListContacts(context.Background())
	if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "2097152 bytes announced") {
		t.Errorf("error = %v, want ErrResponseTooLarge for the announced length", err)
	}
}

// Case 7 in the client: a create whose request was written runs to its
// answer although its context is cancelled; nothing new starts after the
// cancellation, and reads stop at once.
func TestCancellationLetsASentCreateFinish(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetDelay, Method: "POST", Delay: mockapi.Duration(time.Second)}))
	c := m.client(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for len(m.srv.Contacts()) == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel() // the create was applied; its answer is a second away
	}()
	got, err := c.CreateContact(ctx, Contact{FirstName: "Jane"})
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	if stored := m.srv.Contacts(); len(stored) != 1 || stored[0].ContactID != got.ID {
		t.Errorf("returned %+v, mock holds %+v", got, stored)
	}

	// Nothing starts with a cancelled context.
	m.rec.reset()
	if _, err := c.CreateContact(ctx, Contact{FirstName: "Late"}); !errors.Is(err, context.Canceled) || IsUnknownOutcome(err) {
		t.Errorf("create after cancellation: %v, want context.Canceled", err)
	}
	if _, err := c.GetContact(ctx, got.ID); !errors.Is(err, context.Canceled) {
		t.Errorf("read after cancellation: %v", err)
	}
	if n := len(m.rec.all()); n != 0 {
		t.Errorf("%d requests after cancellation", n)
	}

	// A read in flight is cancelled at once.
	m.srv.SetFaults(netFaults(mockapi.NetFault{Mode: mockapi.NetDelay, Method: "GET", Delay: mockapi.Duration(10 * time.Second)}))
	rctx, rcancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, rcancel)
	start := time.Now()
	if _, err := c.ListContacts(rctx); !errors.Is(err, context.Canceled) {
		t.Errorf("read cancelled in flight: %v", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("cancelled read took %s", elapsed)
	}
}

// A create waiting for the rate limiter when its operation is cancelled
// was never sent: it stops without a request and without recovery.
func TestCancelledBeforeSendingIsDefinite(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	c := m.client(t, func(c *Config) { c.RequestsPerSecond = 0.5 })
	if _, err := c.CreateContact(context.Background(), Contact{FirstName: "First"}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.CreateContact(ctx, Contact{FirstName: "Second"})
	if err == nil || IsUnknownOutcome(err) {
		t.Fatalf("error = %v, want a definite context error", err)
	}
	if n := m.routes()["POST addressbook/contact"]; n != 1 {
		t.Errorf("POSTs = %d, want 1", n)
	}
}

// Case 9: a base URL that accepts connections and never answers fails
// after one request timeout, naming the timeout and the URL.
func TestSilentServerFailsWithinTheRequestTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn) // accepted, never read, never answered
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	base := "http://" + ln.Addr().String() + "/api"
	c := newTestClient(t, base, withRetries(4), withTimeout(500*time.Millisecond))
	start := time.Now()
	_, err = c.GetContact(context.Background(), "c1")
	elapsed := time.Since(start)
	var ae *AttemptError
	if !errors.As(err, &ae) || ae.Timeout != 500*time.Millisecond || !strings.Contains(err.Error(), base) ||
		!strings.Contains(err.Error(), "request timeout (500ms)") {
		t.Fatalf("error = %v, want a timeout naming %s", err, base)
	}
	if elapsed > 3*time.Second {
		t.Errorf("took %s, want about one request timeout", elapsed)
	}
	mu.Lock()
	n := len(conns)
	mu.Unlock()
	if n != 1 {
		t.Errorf("connections = %d, want 1 (no retry past the request timeout)", n)
	}
}

// Case 9: retries of one request stay within its time budget, whatever
// max_retries and Retry-After say.
func TestRetriesBoundedInTime(t *testing.T) {
	t.Run("Retry-After beyond the budget: the 429 at once", func(t *testing.T) {
		base, n := failingStub(t, 100, 429, "30")
		c := newTestClient(t, base, withRetries(4), func(cfg *Config) { cfg.RetryWaitMax = time.Minute })
		start := time.Now()
		err := call(context.Background(), c, "GET")
		if ae := apiErr(t, err); ae.StatusCode != 429 {
			t.Errorf("status %d", ae.StatusCode)
		}
		var ra *RetryAfterError
		if !errors.As(err, &ra) || ra.Wait != 30*time.Second || ra.Left > DefaultRequestTimeout ||
			!strings.Contains(err.Error(), "the API asked to retry after 30s, more than the") ||
			!strings.Contains(err.Error(), "twice request_timeout (20s)") {
			t.Errorf("error = %v, want it to say that Retry-After does not fit", err)
		}
		if got := n.Load(); got != 1 {
			t.Errorf("attempts = %d, want 1", got)
		}
		if elapsed := time.Since(start); elapsed > 5*time.Second {
			t.Errorf("took %s", elapsed)
		}
	})
	t.Run("fast 500s: retried until the budget is spent", func(t *testing.T) {
		base, n := failingStub(t, 1000, 500, "")
		c := newTestClient(t, base, withRetries(10), withTimeout(time.Second), func(cfg *Config) {
			cfg.RetryWaitMin, cfg.RetryWaitMax = 300*time.Millisecond, 300*time.Millisecond
		})
		start := time.Now()
		_ = call(context.Background(), c, "GET")
		if got := n.Load(); got < 2 || got > 5 {
			t.Errorf("attempts = %d, want the few that fit in 1s (about 4)", got)
		}
		if elapsed := time.Since(start); elapsed > 2*time.Second {
			t.Errorf("took %s, want at most twice the request timeout", elapsed)
		}
	})
}

// Case 9: when the bulk listing fails, reads return its error; they do not
// fall back to one GET per object with retries of their own.
func TestFailedBulkListingIsTheAnswer(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	var ids []string
	for i := range 3 {
		ids = append(ids, m.srv.PutContact(mockapi.Contact{FirstName: fmt.Sprint("P", i)}).ContactID)
	}
	m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}, PathContains: "contact/list"})
	c := m.client(t, withBulkRead, withRetries(2))
	for _, id := range ids {
		if _, err := c.GetContact(context.Background(), id); apiErr(t, err).StatusCode != 500 {
			t.Errorf("GetContact(%s): %v, want the listing's 500", id, err)
		}
	}
	routes := m.routes()
	if routes["GET addressbook/contact/list"] != 3 || routes["GET addressbook/contact/{id}"] != 0 {
		t.Errorf("requests %v, want one listing (3 attempts) and no per-contact GET", routes)
	}
}

// Case 10: an API message that echoes the token is masked.
func TestTokenMaskedInAPIMessages(t *testing.T) {
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		writeBody(w, 400, `{"Result":"Failed","ErrorMessage":["Invalid token `+testToken+` for account"]}`)
	})
	_, err := newTestClient(t, base).GetContact(context.Background(), "c1")
	ae := apiErr(t, err)
	if strings.Contains(err.Error(), testToken) || ae.Messages[0] != "Invalid token *** for account" {
		t.Errorf("error = %q, want the token masked", err)
	}
	base = stub(t, func(w http.ResponseWriter, r *http.Request) { writeBody(w, 502, "upstream said "+testToken) })
	if _, err := newTestClient(t, base, withRetries(0)).GetContact(context.Background(), "c1"); strings.Contains(err.Error(), testToken) {
		t.Errorf("error = %q, want the token masked", err)
	}
}
