package gateway

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// writes are the actions that change something, each as a call.
func writes(c *Client) map[string]func() error {
	return map[string]func() error{
		"send_sms": func() error {
			_, err := c.SendSMS(ctx0(), SendRequest{Message: "hi", Recipients: []string{"2348011112222", "2348011113333"}})
			return err
		},
		"save_contacts": func() error {
			_, err := c.SaveContacts(ctx0(), SaveContactsRequest{PhoneNumbers: []string{"2348011112222"}})
			return err
		},
		"stop_sms": func() error { _, err := c.StopSMS(ctx0(), SMSFilter{BatchID: "1_1_1"}); return err },
		"delete_sms": func() error {
			_, err := c.DeleteSMS(ctx0(), SMSFilter{BatchID: "1_1_1"})
			return err
		},
		"delete_contacts": func() error {
			_, err := c.DeleteContacts(ctx0(), ContactQuery{ContactIDs: []string{"1"}})
			return err
		},
	}
}

// reads are the actions that change nothing.
func reads(c *Client) map[string]func() error {
	return map[string]func() error{
		"fetch_sms":       func() error { _, err := c.FetchSMS(ctx0(), SMSQuery{}); return err },
		"get_total_units": func() error { _, err := c.TotalUnits(ctx0(), SMSFilter{}); return err },
		"account_info":    func() error { _, err := c.AccountInfo(ctx0()); return err },
		"fetch_contacts":  func() error { _, err := c.FetchContacts(ctx0(), ContactQuery{}); return err },
		"get_contact_groups": func() error {
			_, err := c.ContactGroups(ctx0())
			return err
		},
	}
}

func ctx0() context.Context { return context.Background() }

// okFor answers a successful, minimal answer for any action.
func okFor(w http.ResponseWriter, r *http.Request) {
	switch r.Form.Get("action") {
	case "send_sms":
		answer(200, `{"batch_id":"1_1_9","total":"2"}`)(w, r)
	case "get_contact_groups":
		answer(200, `{"contact_groups":[]}`)(w, r)
	case "account_info":
		answer(200, `{"sub_account_id":"1"}`)(w, r)
	case "fetch_sms", "fetch_contacts":
		answer(200, `{"total":0,"totalpages":0,"p":1,"records":[]}`)(w, r)
	default:
		answer(200, `{"total":"1"}`)(w, r)
	}
}

func TestReadsRetriedOnServerErrorsAnd429(t *testing.T) {
	for _, status := range []int{500, 502, 503, 429} {
		for _, method := range both {
			s, endpoint := newStub(t, answer(status, `<html>busy</html>`), answer(status, `{}`), okFor)
			c := newTestClient(t, endpoint, method)
			for name, op := range reads(c) {
				s.mu.Lock()
				s.calls = 0
				s.mu.Unlock()
				if err := op(); err != nil {
					t.Errorf("%s %d %s: %v", method, status, name, err)
				}
				if s.count() != 3 {
					t.Errorf("%s %d %s: %d requests, want 3", method, status, name, s.count())
				}
			}
		}
	}
	// Given up after MaxRetries: the last HTTP error.
	s, endpoint := newStub(t, answer(503, `<html>down</html>`))
	_, err := newTestClient(t, endpoint, MethodPOST).AccountInfo(ctx(t))
	var he *HTTPError
	if !errors.As(err, &he) || he.StatusCode != 503 || he.Body != "<html>down</html>" || s.count() != 3 || errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("after retries: %v (%d requests)", err, s.count())
	}
	// 501 and 4xx are not retried.
	for _, status := range []int{501, 404, 400} {
		s, endpoint := newStub(t, answer(status, `{}`))
		if _, err := newTestClient(t, endpoint, MethodPOST).AccountInfo(ctx(t)); err == nil || s.count() != 1 {
			t.Errorf("%d: %v, %d requests", status, err, s.count())
		}
	}
}

func TestWritesNeverReplayedAfterAnUnknownOutcome(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		for _, method := range both {
			s, endpoint := newStub(t, answer(status, `<html>gateway timeout</html>`))
			c := newTestClient(t, endpoint, method)
			for name, op := range writes(c) {
				before := s.count()
				err := op()
				if s.count()-before != 1 {
					t.Errorf("%s %d %s: %d requests, want 1", method, status, name, s.count()-before)
				}
				var uo *UnknownOutcomeError
				if !errors.Is(err, ErrOutcomeUnknown) || !errors.As(err, &uo) || uo.Action != name {
					t.Fatalf("%s %d %s: %v, want an unknown outcome", method, status, name, err)
				}
				var he *HTTPError
				if !errors.As(err, &he) || he.StatusCode != status {
					t.Errorf("%s %d %s: the HTTP error is lost: %v", method, status, name, err)
				}
				if name == "send_sms" {
					for _, want := range []string{"the SMS may have been sent", "no client message id", "did not send it again",
						"to the 2 number(s) or contact(s) the send named", "UTC (Unix "} {
						if !strings.Contains(err.Error(), want) {
							t.Errorf("send error lacks %q: %v", want, err)
						}
					}
					if uo.Recipients != 2 || uo.Ended.Before(uo.Started) {
						t.Errorf("send error fields: %+v", uo)
					}
				} else if !strings.Contains(err.Error(), "may have carried out "+name) {
					t.Errorf("%s error: %v", name, err)
				}
			}
		}
	}
}

func TestUnknownSendNamesItsGroups(t *testing.T) {
	_, endpoint := newStub(t, answer(502, `bad gateway`))
	_, err := newTestClient(t, endpoint, MethodPOST).SendSMS(ctx(t), SendRequest{Message: "hi",
		Recipients: []string{"2348011112222"}, ContactGroups: []string{"Staff", "On call"}})
	if !errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "to the 1 number(s) or contact(s) and the group(s) Staff, On call the send named") {
		t.Fatalf("%v", err)
	}
}

func TestWritesRetriedOn429(t *testing.T) {
	for _, method := range both {
		s, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "0")
			answer(429, `{}`)(w, r)
		}, okFor)
		c := newTestClient(t, endpoint, method)
		r, err := c.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"1"}})
		if err != nil || r.BatchID != "1_1_9" || s.count() != 2 {
			t.Errorf("%s: %+v %v, %d requests", method, r, err, s.count())
		}
	}
}

func TestSendFaultAfterTheChange(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	m.srv.SetFaults(mockapi.Faults{Rate: 1, AfterFraction: 1, PathContains: "api_v1", Methods: []string{"POST"}})
	c := m.client(t, MethodPOST)
	_, err := c.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
	if !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("send under an after-change fault: %v", err)
	}
	// The mock did send it, once.
	if n := len(m.srv.GatewaySMS()); n != 1 || len(m.rec.all()) != 1 {
		t.Fatalf("%d SMS, %d requests", n, len(m.rec.all()))
	}
	// A fault before the change on a read is retried through.
	m.srv.SetFaults(mockapi.Faults{Rate: 0.5, Seed: 3, PathContains: "api_v1"})
	m.rec.reset()
	got, err := c.FetchSMS(ctx(t), SMSQuery{})
	if err != nil || len(got) != 1 {
		t.Fatalf("fetch under faults: %v %v", got, err)
	}
}

// countingTransport fails every round trip with err and counts them.
type countingTransport struct {
	n   atomic.Int32
	err error
}

func (c *countingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	c.n.Add(1)
	return nil, c.err
}

func TestDialErrorsRetriedEvenForSends(t *testing.T) {
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	for _, method := range both {
		rt := &countingTransport{err: dial}
		c := newTestClient(t, "http://127.0.0.1:9/api_v1", method, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: rt} })
		for name, op := range writes(c) {
			rt.n.Store(0)
			err := op()
			if rt.n.Load() != 3 || errors.Is(err, ErrOutcomeUnknown) || !strings.Contains(err.Error(), "connection refused") {
				t.Errorf("%s %s: %v after %d attempts, want a definite error after 3", method, name, err, rt.n.Load())
			}
		}
	}
	// A reset after sending: a read is retried, a send is not.
	reset := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	rt := &countingTransport{err: reset}
	c := newTestClient(t, "http://127.0.0.1:9/api_v1", MethodPOST, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: rt} })
	if err := reads(c)["account_info"](); err == nil || rt.n.Load() != 3 {
		t.Errorf("read after a reset: %v, %d attempts", err, rt.n.Load())
	}
	rt.n.Store(0)
	if err := writes(c)["send_sms"](); !errors.Is(err, ErrOutcomeUnknown) || rt.n.Load() != 1 {
		t.Errorf("send after a reset: %v, %d attempts", err, rt.n.Load())
	}
}

func TestTimeoutsAndHalfAnswers(t *testing.T) {
	slow := func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(300 * time.Millisecond)
		okFor(w, r)
	}
	// A half-written answer: a Content-Length the body never reaches.
	half := func(w http.ResponseWriter, _ *http.Request) {
		hj, ok := w.(http.Hijacker)
		if !ok {
			t.Error("the test server cannot hijack connections")
			return
		}
		conn, buf, err := hj.Hijack()
		if err != nil {
			return
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"batch_id\":\"1_1")
		_ = buf.Flush()
		_ = conn.Close()
	}
	notJSON := answer(200, `<html><body>Captive portal</body></html>`)
	for name, first := range map[string]func(http.ResponseWriter, *http.Request){"timeout": slow, "half answer": half, "not JSON": notJSON} {
		for _, method := range both {
			s, endpoint := newStub(t, first, okFor)
			c := newTestClient(t, endpoint, method, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
			err := writes(c)["send_sms"]()
			if !errors.Is(err, ErrOutcomeUnknown) || s.count() != 1 {
				t.Errorf("%s %s send: %v, %d requests", method, name, err, s.count())
			}
			s2, endpoint := newStub(t, first, okFor)
			c = newTestClient(t, endpoint, method, func(cfg *Config) { cfg.Timeout = 100 * time.Millisecond })
			err = reads(c)["account_info"]()
			switch name {
			case "not JSON": // a whole answer that is not JSON: not retried
				if err == nil || !strings.Contains(err.Error(), "not a JSON object: <html>") || s2.count() != 1 {
					t.Errorf("%s %s read: %v, %d requests", method, name, err, s2.count())
				}
			case "timeout": // the attempt used the whole timeout: no time is left for a retry
				if err == nil || s2.count() != 1 {
					t.Errorf("%s %s read: %v, %d requests, want the timeout and no retry", method, name, err, s2.count())
				}
			default:
				if err != nil || s2.count() != 2 {
					t.Errorf("%s %s read: %v, %d requests, want success on the second", method, name, err, s2.count())
				}
			}
		}
	}
}

func TestRedirectsNotFollowed(t *testing.T) {
	var followed atomic.Bool
	target, targetURL := newStub(t, func(w http.ResponseWriter, r *http.Request) { followed.Store(true); okFor(w, r) })
	for _, status := range []int{301, 302, 307, 308} {
		for _, method := range both {
			s, endpoint := newStub(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, targetURL+"?sub_account=001_mysub1&sub_account_pass=pa55w0Rd", status)
			})
			c := newTestClient(t, endpoint, method)
			for name, op := range map[string]func() error{"read": reads(c)["account_info"], "send": writes(c)["send_sms"]} {
				err := op()
				var he *HTTPError
				if !errors.As(err, &he) || he.StatusCode != status || he.Location != targetURL {
					t.Fatalf("%s %d %s: %v", method, status, name, err)
				}
				// A page may act and then redirect: a send's outcome is unknown.
				if errors.Is(err, ErrOutcomeUnknown) != (name == "send") || strings.Contains(err.Error(), testPassword) ||
					!strings.Contains(err.Error(), "not followed, because the request carries the sub-account password") {
					t.Errorf("%s %d %s: %v", method, status, name, err)
				}
			}
			if s.count() != 2 {
				t.Errorf("%d requests", s.count())
			}
		}
	}
	if followed.Load() || target.count() != 0 {
		t.Fatal("a redirect was followed")
	}
}

func TestAnswersAreBounded(t *testing.T) {
	big := `{"sub_account_id":"` + strings.Repeat("x", 5000) + `"}`
	for _, method := range both {
		s, endpoint := newStub(t, answer(200, big))
		c := newTestClient(t, endpoint, method, func(cfg *Config) { cfg.MaxResponseBytes = 1000 })
		_, err := c.AccountInfo(ctx(t))
		if err == nil || !strings.Contains(err.Error(), "larger than 1000 bytes") || s.count() != 1 {
			t.Errorf("%s read: %v, %d requests", method, err, s.count())
		}
		s, endpoint = newStub(t, answer(200, big))
		c = newTestClient(t, endpoint, method, func(cfg *Config) { cfg.MaxResponseBytes = 1000 })
		if err := writes(c)["send_sms"](); !errors.Is(err, ErrOutcomeUnknown) || s.count() != 1 {
			t.Errorf("%s send: %v, %d requests", method, err, s.count())
		}
	}
	// GET URLs are bounded too: a long request is refused before sending.
	s, endpoint := newStub(t, okFor)
	c := newTestClient(t, endpoint, MethodGET)
	_, err := c.SendSMS(ctx(t), SendRequest{Message: strings.Repeat("long text ", 1000), Recipients: []string{"1"}})
	if err == nil || !strings.Contains(err.Error(), "too long for GET; use POST") || s.count() != 0 {
		t.Errorf("long GET: %v, %d requests", err, s.count())
	}
}

func TestPagingGuards(t *testing.T) {
	page := func(ids ...int) string {
		var recs []string
		for _, id := range ids {
			recs = append(recs, fmt.Sprintf(`{"contact_id":"%d","phone":"234801111%04d"}`, id, id))
		}
		return strings.Join(recs, ",")
	}
	// A gateway that ignores p: the same page again while total says more.
	s, endpoint := newStub(t, answer(200, `{"total":10,"totalpages":5,"p":1,"records":[`+page(1, 2)+`]}`))
	c := newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.PageSize = 2 })
	if _, err := c.FetchContacts(ctx(t), ContactQuery{}); err == nil || !strings.Contains(err.Error(), "page 2 repeats records already read (2 of 10 read)") || s.count() != 2 {
		t.Errorf("repeated page: %v, %d requests", err, s.count())
	}
	// Without a total, a repeated page ends the listing.
	s, endpoint = newStub(t, answer(200, `{"records":[`+page(1, 2)+`]}`))
	c = newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.PageSize = 2 })
	if got, err := c.FetchContacts(ctx(t), ContactQuery{}); err != nil || len(got) != 2 || s.count() != 2 {
		t.Errorf("repeated page without total: %v %v, %d requests", got, err, s.count())
	}
	// Endless new pages: stopped at MaxPages.
	var n atomic.Int32
	endless := func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1))
		answer(200, `{"records":[`+page(2*i, 2*i+1)+`]}`)(w, r)
	}
	s, endpoint = newStub(t, endless)
	c = newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.PageSize = 2; cfg.MaxPages = 5 })
	if _, err := c.FetchContacts(ctx(t), ContactQuery{}); err == nil || !strings.Contains(err.Error(), "more than 5 pages; stopped after 5 page(s) (10 records") ||
		!errors.Is(err, ErrListTooLarge) || s.count() != 5 {
		t.Errorf("endless pages: %v, %d requests", err, s.count())
	}
	// totalpages wins; without it total; without both a short page ends it.
	for format, want := range map[string]int{
		`{"total":99,"totalpages":1,"records":[%s]}`:    1,
		`{"total":4,"records":[%s]}`:                    2,
		`{"total":"","totalpages":null,"records":[%s]}`: 1,
	} {
		s, endpoint = newStub(t, func(w http.ResponseWriter, r *http.Request) {
			p := 0
			_, _ = fmt.Sscan(r.Form.Get("p"), &p)
			ids := []int{10 * p, 10*p + 1}
			if strings.Contains(format, "null") {
				ids = ids[:1] // a short page
			}
			answer(200, fmt.Sprintf(format, page(ids...)))(w, r)
		})
		c = newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.PageSize = 2 })
		if _, err := c.FetchContacts(ctx(t), ContactQuery{}); err != nil || s.count() != want {
			t.Errorf("%s: %v, %d requests, want %d", format, err, s.count(), want)
		}
	}
}

func TestCancellation(t *testing.T) {
	// Cancelled before: nothing is sent.
	s, endpoint := newStub(t, okFor)
	c := newTestClient(t, endpoint, MethodPOST)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.SendSMS(cancelled, SendRequest{Message: "hi", Recipients: []string{"1"}})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) || s.count() != 0 {
		t.Fatalf("cancelled send: %v, %d requests", err, s.count())
	}

	// Cancelled while a send is in flight: it finishes and reports its batch.
	for _, method := range both {
		m := newMock(t, mockapi.Options{Latency: 400 * time.Millisecond})
		c := m.client(t, method)
		cctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		r, err := c.SendSMS(cctx, SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
		if err != nil || r.BatchID == "" || len(m.srv.GatewaySMS()) != 1 {
			t.Fatalf("%s send cancelled in flight: %+v %v", method, r, err)
		}
		// A read is cut off at once.
		cctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err = c.FetchSMS(cctx, SMSQuery{})
		if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
			t.Errorf("%s read cancelled in flight: %v after %s", method, err, time.Since(start))
		}
	}

	// Cancelled while waiting to retry a 429: no further attempt.
	s, endpoint = newStub(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		answer(429, `{}`)(w, r)
	}, okFor)
	c = newTestClient(t, endpoint, MethodPOST, func(cfg *Config) { cfg.RetryWaitMax, cfg.Timeout = time.Minute, time.Minute })
	cctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.SendSMS(cctx, SendRequest{Message: "hi", Recipients: []string{"1"}})
	if !errors.Is(err, context.Canceled) || errors.Is(err, ErrOutcomeUnknown) || s.count() != 1 || time.Since(start) > 10*time.Second {
		t.Errorf("send cancelled during a 429 wait: %v, %d requests, %s", err, s.count(), time.Since(start))
	}
}
