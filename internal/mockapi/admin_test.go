package mockapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

func TestStatsCountRoutes(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	gid := str(t, h.createGroup(`{"GroupName":"G"}`), "GroupID")
	cid := h.createContact(`{"Attention":"A"}`)
	h.ok("GET", "/api/v2.04/addressbook/contact/List/", `{"HTTPMethod":"GET"}`)
	h.ok("GET", "/api/v2.03/addressbook/contact/list", "")
	h.ok("GET", "/api/v2.04/addressbook/contact/"+cid, "")
	h.ok("POST", "/api/v2.04/addressbook/group/"+gid+"/contact", `{"ContactID":"`+cid+`"}`)
	h.ok("POST", "/api/v2.04/addressbook/contact/"+cid+"/group", `{"GroupID":"`+gid+`"}`)
	h.ok("DELETE", "/api/v2.04/addressbook/group/G/contact/"+cid, "")
	h.fail(http.StatusUnauthorized, "Unauthorized", "GET", "/api/v2.04/addressbook/group/"+gid, "", "Authorization: -")
	h.fail(http.StatusNotFound, "Route not found", "GET", "/api/v2.04/nothing/here", "")
	equal(t, "admin status", h.call("GET", "/_mock/stats", "").status, http.StatusOK) // not counted

	want := mockapi.Stats{Total: 10, Routes: map[string]int{
		"POST addressbook/group":                        1,
		"POST addressbook/contact":                      1,
		"GET addressbook/contact/list":                  2,
		"GET addressbook/contact/{id}":                  1,
		"POST addressbook/group/{group}/contact":        1,
		"POST addressbook/contact/{id}/group":           1,
		"DELETE addressbook/group/{group}/contact/{id}": 1,
		"GET addressbook/group/{group}":                 1,
	}}
	equal(t, "Stats()", h.srv.Stats(), want)

	var got mockapi.Stats
	if err := json.Unmarshal([]byte(h.call("GET", "/_mock/stats", "").raw), &got); err != nil {
		t.Fatal(err)
	}
	equal(t, "GET /_mock/stats", got, want)

	// Every key the server produced is one of the documented route keys.
	keys := map[string]bool{}
	for _, k := range mockapi.RouteKeys() {
		keys[k] = true
	}
	for k := range want.Routes {
		if !keys[k] {
			t.Errorf("RouteKeys() lacks %q", k)
		}
	}
	equal(t, "route key count", len(mockapi.RouteKeys()), 35+26)

	body := h.call("POST", "/_mock/stats/reset", "")
	equal(t, "stats reset answer", body.raw, "{\"total\":0,\"routes\":{}}\n")
	equal(t, "Stats() after reset", h.srv.Stats(), mockapi.Stats{Routes: map[string]int{}})
	h.ok("GET", "/api/v2.04/addressbook/group/list", "")
	h.srv.ResetStats()
	equal(t, "Stats() after ResetStats", h.srv.Stats(), mockapi.Stats{Routes: map[string]int{}})
}

func TestAdminResetStateAndFaults(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	cid := h.createContact(`{"Attention":"A"}`)
	gid := str(t, h.createGroup(`{"GroupName":"G"}`), "GroupID")
	if err := h.srv.AddMember(gid, cid); err != nil {
		t.Fatal(err)
	}

	st := h.call("GET", "/_mock/state", "").body
	equal(t, "state contacts", pluck(arr(t, st, "Contacts"), "ContactID"), []string{cid})
	equal(t, "state groups", pluck(arr(t, st, "Groups"), "GroupCode"), []string{"G"})
	equal(t, "state memberships", arr(t, st, "Memberships"), []map[string]any{{"GroupID": gid, "ContactID": cid}})

	// Faults over HTTP.
	r := h.call("POST", "/_mock/faults", `{"rate":1,"statuses":[503],"seed":5,"methods":["GET"]}`)
	equal(t, "POST /_mock/faults status", r.status, http.StatusOK)
	equal(t, "POST /_mock/faults answer", r.body, map[string]any{
		"rate": 1.0, "statuses": []any{503.0}, "retry_after_seconds": 0.0, "seed": 5.0, "after_fraction": 0.0, "methods": []any{"GET"},
	})
	h.fail(http.StatusServiceUnavailable, "Service Unavailable", "GET", "/api/v2.04/addressbook/group/list", "")
	equal(t, "GET /_mock/faults", h.call("GET", "/_mock/faults", "").body["statuses"], []any{503.0})
	h.fail(http.StatusBadRequest, "rate must be between 0 and 1", "POST", "/_mock/faults", `{"rate":3}`)
	h.fail(http.StatusBadRequest, "unknown field", "POST", "/_mock/faults", `{"rat":0.5}`)
	h.call("POST", "/_mock/faults", `{"rate":0}`)
	h.ok("GET", "/api/v2.04/addressbook/group/list", "")

	// Reset empties the store, the stats and the faults.
	h.call("POST", "/_mock/faults", `{"rate":1}`)
	equal(t, "POST /_mock/reset", h.call("POST", "/_mock/reset", "").body, map[string]any{"Result": "Success"})
	equal(t, "contacts after reset", len(h.srv.Contacts()), 0)
	equal(t, "groups after reset", len(h.srv.Groups()), 0)
	equal(t, "stats after reset", h.srv.Stats().Total, 0)
	h.ok("GET", "/api/v2.04/addressbook/group/list", "")

	// Unknown admin route and wrong method.
	h.fail(http.StatusNotFound, "Route not found", "GET", "/_mock/nothing", "")
	h.fail(http.StatusMethodNotAllowed, "not allowed", "GET", "/_mock/reset", "")
}

// TestAdminNeedsTokenFromElsewhere: loopback callers need no token, others
// must send the API's Authorization header.
func TestAdminNeedsTokenFromElsewhere(t *testing.T) {
	srv, err := mockapi.New(mockapi.Options{Tokens: []string{"secret"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	call := func(remote, auth string) int {
		req := httptest.NewRequest("GET", "/_mock/stats", nil)
		req.RemoteAddr = remote
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if !strings.HasPrefix(rec.Body.String(), "{") {
			t.Errorf("non-JSON admin answer %q", rec.Body.String())
		}
		return rec.Code
	}
	equal(t, "remote without token", call("192.0.2.10:4000", ""), http.StatusUnauthorized)
	equal(t, "remote with wrong token", call("192.0.2.10:4000", "Basic nope"), http.StatusUnauthorized)
	equal(t, "remote with token", call("192.0.2.10:4000", "Basic secret"), http.StatusOK)
	equal(t, "IPv4 loopback", call("127.0.0.1:4000", ""), http.StatusOK)
	equal(t, "IPv6 loopback", call("[::1]:4000", ""), http.StatusOK)
}

// TestAdminIndexListsEveryAdminRoute: GET /_mock/ (with or without the
// trailing slash) answers AdminEndpoints, and AdminEndpoints names exactly
// the routes the server has, method by method.
func TestAdminIndexListsEveryAdminRoute(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, path := range []string{"/_mock/", "/_mock", "/_MOCK/"} {
		r := h.call("GET", path, "")
		equal(t, "GET "+path+" status", r.status, http.StatusOK)
		var got mockapi.AdminIndex
		if err := json.Unmarshal([]byte(r.raw), &got); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		equal(t, "GET "+path+" endpoints", got.Endpoints, mockapi.AdminEndpoints())
		if !strings.Contains(got.Auth, "Authorization: Basic") {
			t.Errorf("GET %s: auth note %q does not say how to authenticate", path, got.Auth)
		}
	}

	var documented, served []string
	for _, ep := range mockapi.AdminEndpoints() {
		if ep.Description == "" {
			t.Errorf("%s %s has no description", ep.Method, ep.Path)
		}
		documented = append(documented, ep.Method+" "+ep.Path)
	}
	served = h.srv.AdminRouteKeys()
	sort.Strings(documented)
	sort.Strings(served)
	equal(t, "documented admin routes", documented, served)
	if n := len(slices.Compact(slices.Clone(documented))); n != len(documented) {
		t.Errorf("AdminEndpoints lists a route twice: %v", documented)
	}
}

// TestAdminEndpointsAnswerTheirMethods: every documented path answers 405
// with an Allow header of exactly its documented methods to another method,
// so the list cannot name a route the server does not route.
func TestAdminEndpointsAnswerTheirMethods(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	methods := map[string][]string{}
	for _, ep := range mockapi.AdminEndpoints() {
		methods[ep.Path] = append(methods[ep.Path], ep.Method)
	}
	for path, want := range methods {
		r := h.call("PUT", path, "")
		equal(t, "PUT "+path+" status", r.status, http.StatusMethodNotAllowed)
		sort.Strings(want)
		got := strings.Split(r.header.Get("Allow"), ", ")
		sort.Strings(got)
		equal(t, "Allow of "+path, got, want)
	}
}
