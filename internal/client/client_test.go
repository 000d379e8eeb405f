package client

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// Shared test fixtures and helpers for the client tests.

const (
	testToken     = "eyJhbGciOiJIUzI1NiJ9.test-secret-token"
	testUserAgent = "terraform-provider-bestsms/test (+client_test)"
)

// t0 is the mock's fixed clock: 2025-12-01 01:00:00 UTC (12:00 in Sydney).
var t0 = mocktest.T0

// captured is one request as the server received it.
type captured = mocktest.Request

// bodyMap decodes a captured JSON body into a map of strings.
func bodyMap(t *testing.T, c captured) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal(c.Body, &m); err != nil {
		t.Fatalf("%s %s: body %q is not a JSON object of strings: %v", c.Method, c.Path, c.Body, err)
	}
	return m
}

// recorder records every request and its status.
type recorder struct{ mocktest.Recorder }

// all returns a copy of the recorded requests.
func (rec *recorder) all() []captured { return rec.Requests() }

// only returns the recorded requests with the given method.
func (rec *recorder) only(method string) []captured {
	var out []captured
	for _, c := range rec.all() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

func (rec *recorder) reset() { rec.Reset() }

// mockEnv is a mockapi server on httptest behind a recorder.
type mockEnv struct {
	srv *mockapi.Server
	rec *recorder
	ts  *httptest.Server
}

// newMock starts a mock (the test token, the clock standing at t0 unless
// opts has one) behind a recorder and the middleware in wrap.
func newMock(t *testing.T, opts mockapi.Options, wrap ...func(http.Handler) http.Handler) *mockEnv {
	t.Helper()
	if opts.Tokens == nil {
		opts.Tokens = []string{testToken}
	}
	if opts.Now == nil {
		opts.Now = mocktest.NewClock(t0).Now
	}
	rec := &recorder{}
	s := mocktest.Start(t, opts, append([]func(http.Handler) http.Handler{rec.Wrap}, wrap...)...)
	return &mockEnv{srv: s.Server, rec: rec, ts: s.HTTP}
}

// baseURL is the API root of the mock, without the version.
func (m *mockEnv) baseURL() string { return m.ts.URL + "/api" }

// client returns a client for the mock with fast retries.
func (m *mockEnv) client(t *testing.T, mods ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, m.baseURL(), mods...)
}

// routes returns the mock's per-route request counts.
func (m *mockEnv) routes() map[string]int { return m.srv.Stats().Routes }

func newTestClient(t *testing.T, baseURL string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:      baseURL,
		APIVersion:   APIVersion204,
		AuthToken:    testToken,
		UserAgent:    testUserAgent,
		MaxRetries:   2,
		RetryWaitMin: time.Millisecond,
		RetryWaitMax: 4 * time.Millisecond,
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

func withVersion(v string) func(*Config) { return func(c *Config) { c.APIVersion = v } }
func withPageSize(n int) func(*Config)   { return func(c *Config) { c.PageSize = n } }
func withRetries(n int) func(*Config)    { return func(c *Config) { c.MaxRetries = n } }

// stub starts an httptest server with h and returns its API root.
func stub(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	return mocktest.Serve(t, h).URL + "/api"
}

func writeBody(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// apiErr asserts that err is (or wraps) an *APIError and returns it.
func apiErr(t *testing.T, err error) *APIError {
	t.Helper()
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v (%T) is not an *APIError", err, err)
	}
	return ae
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func assertMap(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %v (keys %v)\n want %v (keys %v)", what, got, sortedKeys(got), want, sortedKeys(want))
	}
}

// ---- New ----

func TestNewValidatesConfig(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{"relative base URL", Config{BaseURL: "api.bestsms.com.au/api", AuthToken: "t"}, "is not an absolute http(s) URL"},
		{"ftp base URL", Config{BaseURL: "ftp://example.com/api", AuthToken: "t"}, "is not an absolute http(s) URL"},
		{"unsupported version", Config{APIVersion: "v3.01", AuthToken: "t"}, `API version "v3.01" is not supported (use v2.03, v2.04, v3.00)`},
		{"missing token", Config{}, "an auth token is required"},
		{"negative retries", Config{AuthToken: "t", MaxRetries: -1}, "max retries must be 0 or more, got -1"},
		{"negative request timeout", Config{AuthToken: "t", RequestTimeout: -time.Second}, "request timeout must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("New error = %v, want one containing %q", err, tc.wantErr)
			}
			if c != nil {
				t.Errorf("New returned a client with an error")
			}
		})
	}

	c, err := New(Config{AuthToken: "t"})
	if err != nil {
		t.Fatalf("New with defaults: %v", err)
	}
	if c.APIVersion() != "v2.04" {
		t.Errorf("default APIVersion() = %q, want v2.04", c.APIVersion())
	}
	if c.baseURL.String() != DefaultBaseURL || c.pageSize != 100 || c.maxRetries != 0 {
		t.Errorf("defaults: base %q page size %d retries %d", c.baseURL, c.pageSize, c.maxRetries)
	}
	if c.RequestTimeout() != 20*time.Second || c.maxResponseBytes != 32<<20 {
		t.Errorf("defaults: request timeout %s, max response %d bytes", c.RequestTimeout(), c.maxResponseBytes)
	}
}

// ---- request shape ----

func TestRequestShape(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version string
		base    func(*mockEnv) string
	}{
		{"v2.04", APIVersion204, (*mockEnv).baseURL},
		{"v2.03", APIVersion203, (*mockEnv).baseURL},
		{"v2.04 base with trailing slash", APIVersion204, func(m *mockEnv) string { return m.baseURL() + "/" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newMock(t, mockapi.Options{})
			c := newTestClient(t, tc.base(m), withVersion(tc.version), withPageSize(3))
			ctx := context.Background()

			created, err := c.CreateContact(ctx, Contact{FirstName: "Jane"})
			if err != nil {
				t.Fatalf("CreateContact: %v", err)
			}
			if _, err := c.ListContacts(ctx); err != nil {
				t.Fatalf("ListContacts: %v", err)
			}
			if err := c.DeleteContact(ctx, created.ID); err != nil {
				t.Fatalf("DeleteContact: %v", err)
			}

			reqs := m.rec.all()
			if len(reqs) != 3 {
				t.Fatalf("got %d requests, want 3: %+v", len(reqs), reqs)
			}
			prefix := "/api/" + tc.version + "/addressbook/contact"
			want := []struct{ method, path, query string }{
				{"POST", prefix, ""},
				{"GET", prefix + "/list", "page=1&recordsPerPage=3"},
				{"DELETE", prefix + "/" + created.ID, ""},
			}
			for i, r := range reqs {
				if r.Method != want[i].method || r.Path != want[i].path || r.Query != want[i].query {
					t.Errorf("request %d = %s %s?%s, want %s %s?%s", i, r.Method, r.Path, r.Query, want[i].method, want[i].path, want[i].query)
				}
				if got := r.Header.Values("Authorization"); len(got) != 1 || got[0] != "Basic "+testToken {
					t.Errorf("request %d Authorization = %q, want exactly %q", i, got, "Basic "+testToken)
				}
				if got := r.Header.Get("Accept"); got != "application/json; encoding='utf-8'" {
					t.Errorf("request %d Accept = %q", i, got)
				}
				if got := r.Header.Get("User-Agent"); got != testUserAgent {
					t.Errorf("request %d User-Agent = %q, want %q", i, got, testUserAgent)
				}
				if r.Status != http.StatusOK {
					t.Errorf("request %d answered %d", i, r.Status)
				}
			}
			if got := reqs[0].Header.Get("Content-Type"); got != "application/json; encoding='utf-8'" {
				t.Errorf("POST Content-Type = %q", got)
			}
			if string(reqs[0].Body) != `{"FirstName":"Jane"}` {
				t.Errorf("POST body = %s", reqs[0].Body)
			}
			if len(reqs[1].Body) != 0 || len(reqs[2].Body) != 0 {
				t.Errorf("GET/DELETE sent a body: %q / %q", reqs[1].Body, reqs[2].Body)
			}
		})
	}
}

// Identifiers go into the path escaped exactly once: a GroupCode with a
// space (v2.03 addresses groups by code) or an id with a slash must reach
// the server as one segment holding the original value.
func TestPathSegmentsEscapedOnce(t *testing.T) {
	ctx := context.Background()

	t.Run("v2.03 group code with a space", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		g := m.srv.PutGroup(mockapi.Group{GroupName: "Night Shift", GroupCode: "Night Shift"})
		c := m.client(t, withVersion(APIVersion203))
		got, err := c.GetGroup(ctx, g.GroupID)
		if err != nil {
			t.Fatalf("GetGroup: %v", err)
		}
		if got.ID != g.GroupID || got.Code != "Night Shift" {
			t.Errorf("GetGroup = %+v", got)
		}
		gets := m.rec.only("GET")
		if last := gets[len(gets)-1]; last.Path != "/api/v2.03/addressbook/group/Night%20Shift" {
			t.Errorf("path = %q, want /api/v2.03/addressbook/group/Night%%20Shift", last.Path)
		}
	})

	t.Run("contact id with a slash", func(t *testing.T) {
		m := newMock(t, mockapi.Options{})
		_, err := m.client(t).GetContact(ctx, "a b/c")
		if !IsNotFound(err) {
			t.Fatalf("GetContact(unknown) error = %v, want not found", err)
		}
		if got := m.rec.all()[0].Path; got != "/api/v2.04/addressbook/contact/a%20b%2Fc" {
			t.Errorf("path = %q, want /api/v2.04/addressbook/contact/a%%20b%%2Fc", got)
		}
	})
}

func TestBaseURLPathKept(t *testing.T) {
	var got string
	base := stub(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.EscapedPath()
		writeBody(w, 200, `{"Result":"Success","Contact":{"ContactID":"c1"}}`)
	})
	u, _ := url.Parse(base)
	c := newTestClient(t, u.Scheme+"://"+u.Host+"/proxy/bestsms/api/")
	if _, err := c.GetContact(context.Background(), "c1"); err != nil {
		t.Fatal(err)
	}
	if got != "/proxy/bestsms/api/v2.04/addressbook/contact/c1" {
		t.Errorf("path = %q", got)
	}
}
