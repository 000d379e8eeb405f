package gateway

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// Shared fixtures: a mockapi server (the independent reading of api_v1)
// on httptest, behind a recorder of what the client sent.

const (
	testSubAccount = "001_mysub1"
	testPassword   = "pa55w0Rd"
)

// both is the list of methods every wire test runs with.
var both = []string{MethodPOST, MethodGET}

// t0 is the mock's fixed clock: 2025-12-01 01:00:00 UTC (02:00 at +1).
var t0 = mocktest.T0

// sent is one request as the server received it.
type sent struct {
	Method      string
	ContentType string
	Query       url.Values
	Form        url.Values // the POST body, parsed
	Fields      url.Values // query and body merged
}

// recorder records every request before passing it on.
type recorder struct{ mocktest.Recorder }

func (rec *recorder) all() []sent {
	var out []sent
	for _, r := range rec.Requests() {
		s := sent{Method: r.Method, ContentType: r.Header.Get("Content-Type"), Form: url.Values{}, Fields: url.Values{}}
		s.Query, _ = url.ParseQuery(r.Query)
		if mt, _, _ := mime.ParseMediaType(s.ContentType); mt == "application/x-www-form-urlencoded" {
			s.Form, _ = url.ParseQuery(string(r.Body))
		}
		for _, vs := range []url.Values{s.Query, s.Form} {
			for k, v := range vs {
				s.Fields[k] = append(s.Fields[k], v...)
			}
		}
		out = append(out, s)
	}
	return out
}

// actions lists the action of every recorded request.
func (rec *recorder) actions() []string {
	out := []string{}
	for _, s := range rec.all() {
		out = append(out, s.Fields.Get("action"))
	}
	return out
}

func (rec *recorder) reset() { rec.Reset() }

// mock is a mockapi server with a recorder.
type mock struct {
	srv   *mockapi.Server
	ts    *httptest.Server
	rec   *recorder
	clock *mocktest.Clock
}

func newMock(t *testing.T, opts mockapi.Options) *mock {
	t.Helper()
	clock := mocktest.NewClock(t0)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	rec := &recorder{}
	s := mocktest.Start(t, opts, rec.Wrap)
	return &mock{srv: s.Server, ts: s.HTTP, rec: rec, clock: clock}
}

// client returns a client of the mock using method, with fast retries.
func (m *mock) client(t *testing.T, method string, mods ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, m.ts.URL+"/api_v1", method, mods...)
}

func newTestClient(t *testing.T, endpoint, method string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		URL: endpoint, SubAccount: testSubAccount, Password: testPassword, Method: method,
		UserAgent: "gateway-test", MaxRetries: 2, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
		Timeout: 10 * time.Second,
	}
	for _, mod := range mods {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// stub serves fixed answers in turn (the last one repeats) and counts calls.
type stub struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter, r *http.Request)
	calls   int
	fields  []url.Values
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	i := min(s.calls, len(s.answers)-1)
	s.calls++
	s.fields = append(s.fields, r.Form)
	s.mu.Unlock()
	s.answers[i](w, r)
}

func (s *stub) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// answer writes status and body as JSON.
func answer(status int, body string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// newStub starts a stub server and returns it with its /api_v1 URL.
func newStub(t *testing.T, answers ...func(http.ResponseWriter, *http.Request)) (*stub, string) {
	t.Helper()
	s := &stub{answers: answers}
	return s, mocktest.Serve(t, s).URL + "/api_v1"
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// apiErr requires err to be an *APIError.
func apiErr(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return ae
}

func TestNewValidatesConfig(t *testing.T) {
	base := Config{SubAccount: "s", Password: "p"}
	for name, mod := range map[string]func(*Config){
		"relative URL":     func(c *Config) { c.URL = "/api_v1" },
		"ftp URL":          func(c *Config) { c.URL = "ftp://example.com/api_v1" },
		"URL with query":   func(c *Config) { c.URL = "http://example.com/api_v1?sub_account=x" },
		"URL with user":    func(c *Config) { c.URL = "http://u:p@example.com/api_v1" },
		"no sub-account":   func(c *Config) { c.SubAccount = " " },
		"no password":      func(c *Config) { c.Password = "" },
		"PUT":              func(c *Config) { c.Method = "PUT" },
		"page size 301":    func(c *Config) { c.PageSize = 301 },
		"page size -1":     func(c *Config) { c.PageSize = -1 },
		"negative retries": func(c *Config) { c.MaxRetries = -1 },
	} {
		cfg := base
		mod(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New succeeded", name)
		} else if strings.Contains(err.Error(), "u:p@") {
			t.Errorf("%s: error shows the URL's password: %v", name, err)
		}
	}
	c, err := New(base)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "defaults", []any{c.endpoint.String(), c.method, c.pageSize, c.maxPages, c.maxBody, c.http.Timeout},
		[]any{DefaultURL, MethodPOST, DefaultPageSize, DefaultMaxPages, int64(DefaultMaxResponseBytes), DefaultTimeout})
	if c, err := New(Config{SubAccount: "s", Password: "p", Method: "get", HTTPClient: &http.Client{Timeout: time.Second}}); err != nil || c.method != MethodGET || c.http.Timeout != time.Second {
		t.Errorf("GET client: %v", err)
	}
}

// ctx is a test context.
func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}
