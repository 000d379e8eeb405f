// Package mocktest is the test plumbing shared by every test that talks to
// the mock BestSMS API (internal/mockapi): it starts the mock on httptest
// for one test, and holds a settable clock, the instant tests start from, a
// recorder of the requests a server receives, a goroutine-safe buffer
// for logs and a sampler of the heap's peak.
//
// It is for tests only; nothing in a program imports it.
package mocktest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// T0 is the instant tests start the mock's clock at: 2025-12-01 01:00:00
// UTC, which is 12:00 in Sydney (the account zone, AEDT) and 02:00 at the
// gateway's default offset (+1).
var T0 = time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC)

// Clock is a settable, goroutine-safe clock for mockapi.Options.Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock by d (backwards when d is negative).
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Server is a mock API served over HTTP for one test.
type Server struct {
	*mockapi.Server
	// URL is the server's root: the REST API is under URL+"/api", the
	// gateway at URL+"/api_v1", the admin API under URL+"/_mock/".
	URL  string
	HTTP *httptest.Server
}

// Start creates a mock with opts and serves it on httptest, behind the
// middleware in wrap (the first one outermost); both are closed when the
// test ends. A mock that cannot be created fails the test.
func Start(t testing.TB, opts mockapi.Options, wrap ...func(http.Handler) http.Handler) *Server {
	t.Helper()
	srv, err := mockapi.New(opts)
	if err != nil {
		t.Fatalf("starting the mock: %v", err)
	}
	var h http.Handler = srv
	for i := len(wrap) - 1; i >= 0; i-- {
		h = wrap[i](h)
	}
	// Registered before Serve's cleanup, so it runs after the listener is
	// closed (cleanups run last-in, first-out).
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("closing the mock: %v", err)
		}
	})
	ts := Serve(t, h)
	return &Server{Server: srv, URL: ts.URL, HTTP: ts}
}

// Serve serves h on httptest until the test ends.
func Serve(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// Request is one request as a server received it.
type Request struct {
	Method string
	Path   string // escaped, as on the wire
	Query  string // raw
	Header http.Header
	Body   []byte
	// Status is what the handler answered: 0 while it runs (or when it
	// wrote nothing, e.g. a reset connection), 200 when it wrote a body
	// without a status.
	Status int
}

// Recorder is middleware that records every request it passes on: the
// request when it arrives (its body read in full and handed on), its status
// once the handler returns. The zero Recorder is ready to use.
type Recorder struct {
	mu   sync.Mutex
	reqs []*Request
}

// Wrap returns next behind the recorder.
func (rec *Recorder) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		req := &Request{Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body}
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, req)
		rec.mu.Unlock()
		sw := &mockapi.StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		rec.mu.Lock()
		req.Status = sw.Status
		rec.mu.Unlock()
	})
}

// Requests returns a copy of the requests recorded so far, in arrival order.
func (rec *Recorder) Requests() []Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	out := make([]Request, 0, len(rec.reqs))
	for _, r := range rec.reqs {
		out = append(out, *r)
	}
	return out
}

// Reset forgets the requests recorded so far.
func (rec *Recorder) Reset() {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.reqs = nil
}

// SyncBuffer is a goroutine-safe bytes.Buffer, for logs written by a server
// while the test reads them.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// HeapPeak samples the heap (HeapInuse) every few milliseconds until the
// returned function is called, which returns the peak seen: for tests of
// a bound on memory, without timing.
func HeapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak.Load()
	}
}
