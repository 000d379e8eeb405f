package mockapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

const testToken = "test-token-eyJhbGciOi"

// t0 is 2025-12-01 12:00:00 in Sydney (AEDT, UTC+11).
var t0 = mocktest.T0

// harness is a mock on an httptest server plus a raw HTTP client that
// sends what the vendor SDKs send.
type harness struct {
	t     *testing.T
	srv   *mockapi.Server
	ts    *httptest.Server
	clock *mocktest.Clock
	token string
}

// newHarness starts a mock with opts (the test token and a clock standing
// at t0 unless opts has them).
func newHarness(t *testing.T, opts mockapi.Options) *harness {
	t.Helper()
	clock := mocktest.NewClock(t0)
	if opts.Tokens == nil {
		opts.Tokens = []string{testToken}
	}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	s := mocktest.Start(t, opts)
	return &harness{t: t, srv: s.Server, ts: s.HTTP, clock: clock, token: opts.Tokens[0]}
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

// request is a request to the mock with the token and a JSON content type.
func (h *harness) request(method, path, body string) *http.Request {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.ts.URL+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Basic "+h.token)
	req.Header.Set("Content-Type", "application/json")
	return req
}

// call sends a request shaped like PY24's (Content-Type application/json,
// "encoding: utf-8", Authorization Basic) unless headers override it;
// headers are "Name: value" strings, a value of "-" deletes the header.
func (h *harness) call(method, path, body string, headers ...string) response {
	h.t.Helper()
	req := h.request(method, path, body)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("encoding", "utf-8")
	req.Header.Set("User-Agent", "python-requests/2.32.3")
	for _, hv := range headers {
		name, value, _ := strings.Cut(hv, ":")
		value = strings.TrimSpace(value)
		if value == "-" {
			req.Header.Del(name)
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = []string{value}
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	r := response{status: resp.StatusCode, header: resp.Header, raw: string(data)}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		h.t.Errorf("%s %s: Content-Type = %q, want application/json", method, path, ct)
	}
	if err := json.Unmarshal(data, &r.body); err != nil || r.body == nil {
		h.t.Fatalf("%s %s: body is not a JSON object (%v): %q", method, path, err, data)
	}
	return r
}

// ok calls and requires a 200 with Result "Success".
func (h *harness) ok(method, path, body string, headers ...string) map[string]any {
	h.t.Helper()
	r := h.call(method, path, body, headers...)
	if r.status != http.StatusOK || r.body["Result"] != "Success" {
		h.t.Fatalf("%s %s: status %d body %s, want 200 Success", method, path, r.status, r.raw)
	}
	return r.body
}

// fail calls and requires the given status with a v2 failure envelope whose
// single message contains want.
func (h *harness) fail(status int, want, method, path, body string, headers ...string) response {
	h.t.Helper()
	r := h.call(method, path, body, headers...)
	if r.status != status {
		h.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, status, r.raw)
	}
	msgs, _ := r.body["ErrorMessage"].([]any)
	if r.body["Result"] != "Failed" || len(msgs) != 1 || r.body["MessageID"] != "" {
		h.t.Fatalf("%s %s: body %s, want Result Failed, one ErrorMessage and MessageID \"\"", method, path, r.raw)
	}
	if msg, _ := msgs[0].(string); !strings.Contains(msg, want) {
		h.t.Fatalf("%s %s: ErrorMessage %q does not contain %q", method, path, msg, want)
	}
	return r
}

// obj returns a nested object member.
func obj(t *testing.T, m map[string]any, key string) map[string]any {
	t.Helper()
	o, ok := m[key].(map[string]any)
	if !ok {
		t.Fatalf("member %q is not an object: %v", key, m[key])
	}
	return o
}

// arr returns a nested array of objects.
func arr(t *testing.T, m map[string]any, key string) []map[string]any {
	t.Helper()
	a, ok := m[key].([]any)
	if !ok {
		t.Fatalf("member %q is not an array: %v", key, m[key])
	}
	out := make([]map[string]any, len(a))
	for i, v := range a {
		out[i], ok = v.(map[string]any)
		if !ok {
			t.Fatalf("%s[%d] is not an object: %v", key, i, v)
		}
	}
	return out
}

// pluck returns one string member of every object.
func pluck(items []map[string]any, key string) []string {
	out := []string{}
	for _, it := range items {
		s, _ := it[key].(string)
		out = append(out, s)
	}
	return out
}

// paging returns TotalRecords, RecordsPerPage, PageCount, Page.
func paging4(m map[string]any) [4]int {
	get := func(k string) int { f, _ := m[k].(float64); return int(f) }
	return [4]int{get("TotalRecords"), get("RecordsPerPage"), get("PageCount"), get("Page")}
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// str returns m[key] as a string, failing the test when it is not one.
func str(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	s, ok := m[key].(string)
	if !ok {
		t.Fatalf("%s = %#v, want a string", key, m[key])
	}
	return s
}

// createContact creates a contact over HTTP and returns its id.
func (h *harness) createContact(body string) string {
	h.t.Helper()
	c := obj(h.t, h.ok("POST", "/api/v2.04/addressbook/contact", body), "Contact")
	return str(h.t, c, "ContactID")
}

// createGroup creates a group over HTTP and returns the Group object.
func (h *harness) createGroup(body string) map[string]any {
	h.t.Helper()
	return obj(h.t, h.ok("POST", "/api/v2.04/addressbook/group", body), "Group")
}

func TestAuthRequiredOnEveryAPIRoute(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	const list = "/api/v2.04/addressbook/contact/list"

	// Missing header, NJ24's empty header, wrong token, wrong scheme, no token.
	for _, auth := range []string{"-", "", "Basic wrong-token", "Bearer " + testToken, "Basic", "Basic "} {
		r := h.fail(http.StatusUnauthorized, "Unauthorized", "GET", list, "", "Authorization: "+auth)
		equal(t, "ErrorMessage for "+auth, r.body["ErrorMessage"], []any{"Unauthorized"})
	}
	// The token is compared exactly (no case folding, no prefix match).
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", list, "", "Authorization: Basic "+strings.ToUpper(testToken))
	h.fail(http.StatusUnauthorized, "Unauthorized", "POST", "/api/v2.03/addressbook/group", `{"GroupName":"x"}`, "Authorization: Basic nope")
	equal(t, "groups after unauthorized POST", len(h.srv.Groups()), 0)

	// D000 spells the scheme BASIC; any case is accepted.
	for _, scheme := range []string{"Basic", "BASIC", "basic"} {
		body := h.ok("GET", list, "", "Authorization: "+scheme+" "+testToken)
		equal(t, "TotalRecords", body["TotalRecords"], 0.0)
	}
}

func TestDefaultAndMultipleTokens(t *testing.T) {
	srv, err := mockapi.New(mockapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	req := httptest.NewRequest("GET", "/api/v2.04/addressbook/group/list", nil)
	req.Header.Set("Authorization", "Basic dev-token")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	equal(t, "status with dev-token", rec.Code, http.StatusOK)

	h := newHarness(t, mockapi.Options{Tokens: []string{"first", "second"}})
	h.ok("GET", "/api/v2.04/addressbook/group/list", "", "Authorization: Basic second")
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", "/api/v2.04/addressbook/group/list", "", "Authorization: Basic dev-token")
}

func TestUnknownRoutesAnswerJSON404(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, p := range []string{
		"/api/v2.04/addressbook/nothing",
		"/api/v2.04/addressbook/contact/a/b/c/d",
		"/api/v3.01/addressbook/contact/list",
		"/api/v2.04",
		"/api/v2.04//addressbook/contact/list",
		"/api/",
		"/",
		"/favicon.ico",
	} {
		r := h.fail(http.StatusNotFound, "Route not found", "GET", p, "")
		equal(t, "ErrorMessage for "+p, r.body["ErrorMessage"], []any{"Route not found"})
	}
}

func TestWrongMethodIs405(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	id := h.createContact(`{"Attention":"A"}`)
	r := h.fail(http.StatusMethodNotAllowed, "not allowed", "PUT", "/api/v2.04/addressbook/contact/"+id, `{}`)
	equal(t, "Allow", r.header.Get("Allow"), "DELETE, GET, PATCH")
	r = h.fail(http.StatusMethodNotAllowed, "not allowed", "GET", "/api/v2.04/addressbook/contact", "")
	equal(t, "Allow", r.header.Get("Allow"), "POST")
	h.fail(http.StatusMethodNotAllowed, "not allowed", "POST", "/api/v2.04/addressbook/group/list", `{}`)
}

// TestSDKTrafficQuirks replays what the Node.js, Python and .NET SDKs send
// (contributing/wire-protocol.md §3.2, §9.4–§9.6, §13.2 M1, M2, M11).
func TestSDKTrafficQuirks(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	nj := []string{"User-Agent: tnzapi-nodejs", "encoding: utf-8"}

	// NJ24: capital L and G, a JSON body on GET, HTTPMethod in POST bodies.
	id := str(t, obj(t, h.ok("POST", "/api/v2.04/addressbook/contact",
		`{"Attention":"Ann","MobilePhone":"+61421000001","HTTPMethod":"POST"}`, nj...), "Contact"), "ContactID")
	g := h.createGroup(`{"GroupName":"Night Shift","HTTPMethod":"POST"}`)
	gid := str(t, g, "GroupID")
	body := h.ok("GET", "/api/v2.04/addressbook/contact/List?recordsPerPage=100&page=1", `{"HTTPMethod":"GET"}`, nj...)
	equal(t, "contact/List ids", pluck(arr(t, body, "Contacts"), "ContactID"), []string{id})
	body = h.ok("GET", "/api/v2.04/addressbook/Group/List?recordsPerPage=100&page=1", `{"HTTPMethod":"GET"}`, nj...)
	equal(t, "Group/List codes", pluck(arr(t, body, "Groups"), "GroupCode"), []string{"Night_Shift"})
	h.ok("POST", "/api/v2.04/addressbook/contact/"+id+"/Group", `{"GroupID":"`+gid+`","HTTPMethod":"POST"}`, nj...)
	body = h.ok("GET", "/api/v2.04/addressbook/contact/"+id+"/Group/List", `{"HTTPMethod":"GET"}`, nj...)
	equal(t, "contact/{id}/Group/List", pluck(arr(t, body, "Groups"), "GroupID"), []string{gid})

	// Trailing slash, also before the query string (NJ24's "/?").
	body = h.ok("GET", "/api/v2.04/addressbook/contact/"+id+"/", "")
	equal(t, "detail with trailing slash", obj(t, body, "Contact")["ContactID"], id)
	body = h.ok("GET", "/api/v2.04/addressbook/group/list/?recordsPerPage=1&page=1", "")
	equal(t, "paging after /?", paging4(body), [4]int{1, 1, 1, 1})

	// Upper-case version and path, odd Content-Type spellings, none at all.
	h.ok("GET", "/API/V2.04/ADDRESSBOOK/CONTACT/LIST", "")
	h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id, `{"Title":"Ms"}`, "Content-Type: application/json; encoding='utf-8'")
	h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id, `{"Company":"Acme"}`, "Content-Type: -")
	h.ok("PATCH", "/api/v2.04/addressbook/contact/"+id, `{"Position":"Boss"}`, "Content-Type: text/plain")
	c, _ := h.srv.Contact(id)
	equal(t, "patched fields", []string{c.Title, c.Company, c.Position}, []string{"Ms", "Acme", "Boss"})

	// NET: an empty text/xml body on GET and an XML document on DELETE.
	h.ok("GET", "/api/v2.04/addressbook/group/"+gid, "", "Content-Type: text/xml; charset=utf-8", "User-Agent: TNZAPI.NET-2.04")
	h.ok("DELETE", "/api/v2.04/addressbook/group/"+gid, "<Group><GroupID>"+gid+"</GroupID></Group>", "Content-Type: text/xml; charset=utf-8")
	equal(t, "groups after NET delete", len(h.srv.Groups()), 0)

	// PY24: DELETE without a body.
	h.ok("DELETE", "/api/v2.04/addressbook/contact/"+id, "")
	equal(t, "contacts after delete", len(h.srv.Contacts()), 0)
}

func TestInvalidBodiesAre400(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	const p = "/api/v2.04/addressbook/contact"
	h.fail(http.StatusBadRequest, "Invalid request body", "POST", p, `{"Attention":`)
	h.fail(http.StatusBadRequest, "expected a JSON object", "POST", p, `["Attention"]`)
	h.fail(http.StatusBadRequest, "trailing data", "POST", p, `{} {}`)
	h.fail(http.StatusBadRequest, "XML is not supported", "POST", p, `<Contact><Attention>A</Attention></Contact>`)
	h.fail(http.StatusBadRequest, "Attention must be a string", "POST", p, `{"Attention":{"x":1}}`)
	equal(t, "contacts after bad requests", len(h.srv.Contacts()), 0)
}

// TestConcurrentWrites hammers the store from several goroutines (run with
// -race); every acknowledged write must be visible afterwards.
func TestConcurrentWrites(t *testing.T) {
	h := newHarness(t, mockapi.Options{StatePath: t.TempDir() + "/state.json"})
	gid := h.srv.PutGroup(mockapi.Group{GroupName: "Everyone"}).GroupID
	const workers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for range workers {
		wg.Go(func() {
			for range each {
				req, _ := http.NewRequest("POST", h.ts.URL+"/api/v2.04/addressbook/contact", strings.NewReader(`{"Attention":"x"}`))
				req.Header.Set("Authorization", "Basic "+testToken)
				resp, err := h.ts.Client().Do(req)
				if err != nil {
					errs <- err.Error()
					continue
				}
				var out struct{ Contact struct{ ContactID string } }
				err = json.NewDecoder(resp.Body).Decode(&out)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					errs <- fmt.Sprintf("status %d, %v", resp.StatusCode, err)
					continue
				}
				if err := h.srv.AddMember(gid, out.Contact.ContactID); err != nil {
					errs <- err.Error()
				}
				_ = h.srv.Stats()
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	equal(t, "contacts", len(h.srv.Contacts()), workers*each)
	equal(t, "members", len(h.srv.GroupMembers(gid)), workers*each)
	equal(t, "POST count", h.srv.Stats().Routes["POST addressbook/contact"], workers*each)
}
