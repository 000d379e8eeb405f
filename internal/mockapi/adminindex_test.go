package mockapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestAdminIndexListsEveryAdminRoute: GET /_mock/ (with or without the
// trailing slash) answers AdminEndpoints, and AdminEndpoints names exactly
// the routes the server has, method by method.
func TestAdminIndexListsEveryAdminRoute(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/_mock/", "/_mock", "/_MOCK/"} {
		r := h.call("GET", path, "")
		equal(t, "GET "+path+" status", r.status, http.StatusOK)
		var got adminIndex
		if err := json.Unmarshal([]byte(r.raw), &got); err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		equal(t, "GET "+path+" endpoints", got.Endpoints, AdminEndpoints())
		if !strings.Contains(got.Auth, "Authorization: Basic") {
			t.Errorf("GET %s: auth note %q does not say how to authenticate", path, got.Auth)
		}
	}

	var documented, served []string
	for _, ep := range AdminEndpoints() {
		if ep.Description == "" {
			t.Errorf("%s %s has no description", ep.Method, ep.Path)
		}
		documented = append(documented, ep.Method+" "+ep.Path)
	}
	for path, routes := range h.srv.adminRoutes() {
		for _, rt := range routes {
			full := "/_mock/" + path
			served = append(served, rt.method+" "+full)
		}
	}
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
	h := newHarness(t, Options{})
	methods := map[string][]string{}
	for _, ep := range AdminEndpoints() {
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
