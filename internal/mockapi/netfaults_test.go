package mockapi_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// raw sends a request without following redirects and returns the answer
// or the transport error; the body is read to its end (or its error).
func (h *harness) raw(client *http.Client, method, path, body string) (*http.Response, []byte, error) {
	h.t.Helper()
	resp, err := client.Do(h.request(method, path, body))
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

// member is v's member k when v is a JSON object, else nil.
func member(v any, k string) any {
	m, _ := v.(map[string]any)
	return m[k]
}

// rawClient never follows redirects and keeps no connection between calls.
func rawClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout:       timeout,
		Transport:     &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func TestNetFaultModesOnCreate(t *testing.T) {
	const create = `{"Attention":"Net Fault"}`
	for _, tc := range []struct {
		fault   mockapi.NetFault
		timeout time.Duration
		// check inspects the exchange; created is whether the contact exists.
		check   func(t *testing.T, resp *http.Response, body []byte, err error)
		created bool
	}{
		{mockapi.NetFault{Mode: mockapi.NetDelay, Delay: mockapi.Duration(3 * time.Second)}, 300 * time.Millisecond,
			func(t *testing.T, _ *http.Response, _ []byte, err error) {
				if err == nil {
					t.Error("answered within the client's 300ms timeout, want 3s late")
				}
			}, true},
		{mockapi.NetFault{Mode: mockapi.NetResetBefore}, 0, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if err == nil {
				t.Error("got an answer, want a reset connection")
			}
		}, false},
		{mockapi.NetFault{Mode: mockapi.NetResetAfter}, 0, func(t *testing.T, _ *http.Response, _ []byte, err error) {
			if err == nil {
				t.Error("got an answer, want a reset connection")
			}
		}, true},
		{mockapi.NetFault{Mode: mockapi.NetTruncate}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if resp == nil || resp.StatusCode != 200 || !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("answer %v, body %q, error %v; want a 200 cut short (unexpected EOF)", resp, body, err)
			}
			if json.Valid(body) || !strings.HasPrefix(string(body), `{"Result":"Success"`) {
				t.Errorf("body %q, want the first half of the answer", body)
			}
		}, true},
		{mockapi.NetFault{Mode: mockapi.NetEmpty}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || len(body) != 0 {
				t.Errorf("answer %v, body %q, error %v; want an empty 200", resp, body, err)
			}
		}, true},
		{mockapi.NetFault{Mode: mockapi.NetHTML502}, 0, checkHTML502, false},
		{mockapi.NetFault{Mode: mockapi.NetHTML502, After: true}, 0, checkHTML502, true},
		{mockapi.NetFault{Mode: mockapi.NetNoObject}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			if err != nil || resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"Result":"Success"}` {
				t.Errorf("answer %v, body %q, error %v; want 200 {\"Result\":\"Success\"}", resp, body, err)
			}
		}, true},
		{mockapi.NetFault{Mode: mockapi.NetRedirect, Location: "http://127.0.0.1:9/elsewhere"}, 0, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "http://127.0.0.1:9/elsewhere" {
				t.Errorf("answer %v, error %v; want a 307 to http://127.0.0.1:9/elsewhere", resp, err)
			}
		}, false},
		{mockapi.NetFault{Mode: mockapi.NetRedirect, Location: "https://example.com/", Status: 302}, 0, func(t *testing.T, resp *http.Response, _ []byte, err error) {
			if err != nil || resp.StatusCode != http.StatusFound {
				t.Errorf("answer %v, error %v; want a 302", resp, err)
			}
		}, false},
		{mockapi.NetFault{Mode: mockapi.NetOversized, Size: 1 << 20}, 0, func(t *testing.T, resp *http.Response, body []byte, err error) {
			var m struct {
				Result  string
				Padding string
				Contact struct{ Attention string }
			}
			if err != nil || resp.StatusCode != 200 || len(body) != 1<<20 || json.Unmarshal(body, &m) != nil ||
				m.Contact.Attention != "Net Fault" || resp.ContentLength != -1 {
				t.Errorf("answer %v, %d bytes, error %v; want 1 MiB of JSON with the contact, no Content-Length", resp, len(body), err)
			}
		}, true},
	} {
		name := string(tc.fault.Mode)
		if tc.fault.After {
			name += " after"
		}
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, mockapi.Options{})
			tc.fault.Method, tc.fault.Path = "POST", "addressbook/contact"
			h.srv.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{tc.fault}})
			resp, body, err := h.raw(rawClient(tc.timeout), "POST", "/api/v2.04/addressbook/contact", create)
			tc.check(t, resp, body, err)
			if tc.fault.Mode == mockapi.NetDelay {
				time.Sleep(100 * time.Millisecond) // the handler has run; only the answer waits
			}
			if got := len(h.srv.Contacts()); (got == 1) != tc.created || got > 1 {
				t.Errorf("mock holds %d contacts, want created = %v", got, tc.created)
			}
		})
	}
}

func checkHTML502(t *testing.T, resp *http.Response, body []byte, err error) {
	t.Helper()
	if err != nil || resp.StatusCode != http.StatusBadGateway || resp.Header.Get("Content-Type") != "text/html" ||
		!strings.Contains(string(body), "<h1>502 Bad Gateway</h1>") {
		t.Errorf("answer %v, body %q, error %v; want an HTML 502 page", resp, body, err)
	}
}

func TestNetFaultRulesMatchInOrderAndCount(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.srv.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{
		{Mode: mockapi.NetHTML502, Method: "POST", Path: "AddressBook/Contact", Count: 1},
		{Mode: mockapi.NetNoObject, Method: "post", Path: "addressbook/contact", Count: 2},
	}})
	c := rawClient(0)
	var statuses, bodies []string
	for range 4 {
		resp, body, err := h.raw(c, "POST", "/api/v2.04/addressbook/contact", `{"Attention":"X"}`)
		if err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, resp.Status)
		bodies = append(bodies, strings.TrimSpace(string(body))[:20])
	}
	equal(t, "statuses", statuses, []string{"502 Bad Gateway", "200 OK", "200 OK", "200 OK"})
	equal(t, "bodies", bodies, []string{"<html>\r\n<head><title", `{"Result":"Success"}`, `{"Result":"Success"}`, `{"Result":"Success",`})
	equal(t, "contacts created", len(h.srv.Contacts()), 3)

	// Other methods and paths pass; GET /_mock/faults reports the uses.
	h.ok("GET", "/api/v2.04/addressbook/contact/list", "")
	got := h.call("GET", "/_mock/faults", "").body
	rules, _ := got["network"].([]any)
	var used []any
	for _, r := range rules {
		used = append(used, member(r, "used"))
	}
	equal(t, "used", used, []any{1.0, 2.0})

	// A count of 0 hits every matching request; SetFaults resets the uses.
	h.srv.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{{Mode: mockapi.NetNoObject, Path: "contact/list"}}})
	for range 3 {
		if body := h.ok("GET", "/api/v2.04/addressbook/contact/list", ""); body["Contacts"] != nil {
			t.Fatalf("list answer %v, want no Contacts member", body)
		}
	}
	equal(t, "used after SetFaults", h.srv.Faults().Network[0].Used, 3)

	// Reset turns them off.
	h.ok("POST", "/_mock/reset", "")
	equal(t, "rules after reset", len(h.srv.Faults().Network), 0)
}

func TestNetFaultPagingModes(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, name := range []string{"A", "B", "C"} {
		h.createContact(`{"Attention":"` + name + `"}`)
	}
	page := func(n string) (attentions []string, paging [4]int) {
		body := h.ok("GET", "/api/v2.04/addressbook/contact/list?recordsPerPage=2&page="+n, "")
		return pluck(arr(t, body, "Contacts"), "Attention"), paging4(body)
	}

	h.srv.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{{Mode: mockapi.NetEndlessPages, Path: "contact/list"}}})
	for _, tc := range []struct {
		page       string
		attentions []string
		paging     [4]int // TotalRecords, RecordsPerPage, PageCount, Page
	}{
		{"1", []string{"A", "B"}, [4]int{3, 2, 2, 1}},
		{"2", []string{"C"}, [4]int{3, 2, 3, 2}},
		{"3", []string{"C"}, [4]int{3, 2, 4, 3}}, // past the end: the last page again
		{"50", []string{"C"}, [4]int{3, 2, 51, 50}},
	} {
		got, p := page(tc.page)
		equal(t, "endless page "+tc.page, got, tc.attentions)
		equal(t, "endless paging "+tc.page, p, tc.paging)
	}

	h.srv.SetFaults(mockapi.Faults{Network: []mockapi.NetFault{{Mode: mockapi.NetRepeatItems, Path: "contact/list"}}})
	got, p := page("1")
	equal(t, "repeat page 1", got, []string{"A", "B"})
	equal(t, "repeat paging 1", p, [4]int{3, 2, 2, 1})
	got, p = page("2")
	equal(t, "repeat page 2", got, []string{"B", "C"})
	equal(t, "repeat paging 2", p, [4]int{3, 2, 2, 2})

	// Answers without paging pass unchanged.
	id := h.srv.Contacts()[0].ContactID
	equal(t, "detail under repeat-items", str(t, obj(t, h.ok("GET", "/api/v2.04/addressbook/contact/"+id, ""), "Contact"), "ContactID"), id)
}

func TestNetFaultsAdmin(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	body := h.call("POST", "/_mock/faults", `{"network":[{"mode":"delay","method":"POST","path":"addressbook/contact","count":1,"delay":"70s"},
		{"mode":"redirect","location":"https://elsewhere.example/api","status":308}]}`).body
	rules, _ := body["network"].([]any)
	if len(rules) != 2 || member(rules[0], "delay") != "1m10s" || member(rules[1], "status") != 308.0 {
		t.Fatalf("answer %v, want both rules back", body)
	}
	equal(t, "delay as seconds", func() time.Duration {
		h.call("POST", "/_mock/faults", `{"network":[{"mode":"delay","delay":1.5}]}`)
		return time.Duration(h.srv.Faults().Network[0].Delay)
	}(), 1500*time.Millisecond)

	for _, tc := range []struct{ body, want string }{
		{`{"network":[{"mode":"explode"}]}`, `network[0]: unknown network fault mode "explode"`},
		{`{"network":[{"mode":"delay"}]}`, "network[0]: delay: delay must be positive"},
		{`{"network":[{"mode":"redirect"}]}`, "location must be an absolute URL"},
		{`{"network":[{"mode":"redirect","location":"https://x/","status":200}]}`, "status must be a 3xx code"},
		{`{"network":[{"mode":"empty","count":-1}]}`, "count must not be negative"},
		{`{"network":[{"mode":"delay","delay":"soon"}]}`, "Invalid faults"},
	} {
		h.fail(http.StatusBadRequest, tc.want, "POST", "/_mock/faults", tc.body)
	}
	if _, err := mockapi.New(mockapi.Options{Faults: mockapi.Faults{Network: []mockapi.NetFault{{Mode: "nope"}}}}); err == nil {
		t.Error("New accepted an unknown network fault mode")
	}
}

func TestParseNetFault(t *testing.T) {
	got, err := mockapi.ParseNetFault("delay,method=POST,path=addressbook/contact,count=3,delay=2s")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "parsed", got, mockapi.NetFault{Mode: mockapi.NetDelay, Method: "POST", Path: "addressbook/contact", Count: 3, Delay: mockapi.Duration(2 * time.Second)})
	got, err = mockapi.ParseNetFault("redirect,location=http://127.0.0.1:9/x,status=302")
	if err != nil || got.Location != "http://127.0.0.1:9/x" || got.Status != 302 {
		t.Errorf("redirect = %+v, %v", got, err)
	}
	got, err = mockapi.ParseNetFault("html-502,after,size=10")
	if err != nil || !got.After || got.Size != 10 {
		t.Errorf("html-502 = %+v, %v", got, err)
	}
	for _, bad := range []string{"", "nope", "delay", "delay,delay=x", "empty,count=x", "empty,colour=red", "redirect,location=/relative"} {
		if _, err := mockapi.ParseNetFault(bad); err == nil {
			t.Errorf("ParseNetFault(%q) accepted it", bad)
		}
	}
	for _, m := range mockapi.NetFaultModeNames() {
		if !strings.Contains(mockapi.NetFaultHelp(), m) {
			t.Errorf("help does not list %s", m)
		}
	}
}

// The Date header is the mock's clock, like the API's: objects' timestamps
// and answers' dates come from one clock.
func TestDateHeaderFollowsTheClock(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.clock.Advance(90 * time.Minute)
	r := h.call("GET", "/api/v2.04/addressbook/contact/list", "")
	equal(t, "Date", r.header.Get("Date"), t0.Add(90*time.Minute).Format(http.TimeFormat))
}
