package mockapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// dashboardStub is a dashboard that answers 200 "dashboard <path>".
func dashboardStub(*mockapi.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("dashboard " + r.URL.Path))
	})
}

// serve sends one GET straight to the mock's handler, from remote with
// the Host header host.
func serve(srv *mockapi.Server, target, remote, host string, headers ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req.RemoteAddr = remote
	req.Host = host
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	srv.ServeHTTP(w, req)
	return w
}

// TestDashboardMountAndAccessRule: the dashboard answers / and /ui/… (any
// letter case), nothing else; from loopback it needs no token but a Host
// DNS cannot rebind; from elsewhere it needs the token, as the API sends
// it or as a browser's Basic password.
func TestDashboardMountAndAccessRule(t *testing.T) {
	h := newHarness(t, mockapi.Options{Dashboard: dashboardStub})
	const loop = "127.0.0.1:50000"
	for _, p := range []string{"/", "/ui", "/ui/addressbook", "/UI/Inbox"} {
		if w := serve(h.srv, p, loop, "127.0.0.1:8089"); w.Code != 200 || w.Body.String() != "dashboard "+p {
			t.Errorf("GET %s: %d %q", p, w.Code, w.Body.String())
		}
	}
	for _, p := range []string{"/uix", "/favicon.ico", "/index.html"} {
		if w := serve(h.srv, p, loop, "127.0.0.1:8089"); w.Code != 404 || !strings.Contains(w.Body.String(), "Route not found") {
			t.Errorf("GET %s: %d %q, want the mock's 404", p, w.Code, w.Body.String())
		}
	}
	for _, host := range []string{"localhost:8089", "LOCALHOST", "app.localhost:1", "127.0.0.1", "[::1]:8089", "10.0.0.7:8089", "localhost.:8089"} {
		if w := serve(h.srv, "/", loop, host); w.Code != 200 {
			t.Errorf("Host %s from loopback: %d %s", host, w.Code, w.Body.String())
		}
	}
	for _, host := range []string{"evil.example:8089", "localhost.evil.example", "127.0.0.1.nip.io:8089", ""} {
		if w := serve(h.srv, "/", loop, host); w.Code != http.StatusForbidden {
			t.Errorf("Host %q from loopback: %d, want 403", host, w.Code)
		}
	}
	const remote = "192.0.2.10:40000"
	w := serve(h.srv, "/ui/addressbook", remote, "192.0.2.1:8089")
	if w.Code != http.StatusUnauthorized || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Basic ") {
		t.Errorf("remote without token: %d %v", w.Code, w.Header())
	}
	wrong := serve(h.srv, "/", remote, "evil.example", "Authorization: Basic "+basic("me", "nope"))
	if wrong.Code != http.StatusUnauthorized {
		t.Errorf("remote with a wrong password: %d", wrong.Code)
	}
	for _, auth := range []string{"Basic " + testToken, "Basic " + basic("anyone", testToken)} {
		// A token holder may use any Host (a name of the machine).
		if w := serve(h.srv, "/", remote, "mock.internal:8089", "Authorization: "+auth); w.Code != 200 {
			t.Errorf("remote with %q: %d %s", auth, w.Code, w.Body.String())
		}
	}
	// The admin API takes the browser's form of the token too.
	if w := serve(h.srv, "/_mock/health", remote, "x", "Authorization: Basic "+basic("", testToken)); w.Code != 200 {
		t.Errorf("admin API with a Basic password: %d %s", w.Code, w.Body.String())
	}
	// Dashboard requests are not in the request log.
	for _, r := range h.srv.Requests() {
		if !strings.HasPrefix(r.URI, "/uix") && !strings.HasPrefix(r.URI, "/favicon") && !strings.HasPrefix(r.URI, "/index") &&
			!strings.HasPrefix(r.URI, "/_mock/") {
			t.Errorf("request log holds a dashboard request: %+v", r)
		}
	}
}

// TestGenerationGrowsWithEveryChange: the store, the request log and the
// fault settings each move the generation; reads do not.
func TestGenerationGrowsWithEveryChange(t *testing.T) {
	h := newHarness(t, mockapi.Options{Dashboard: dashboardStub})
	g0 := h.srv.Generation()
	_ = h.srv.Contacts()
	_ = h.srv.Messages()
	serve(h.srv, "/", "127.0.0.1:1", "localhost")
	if g := h.srv.Generation(); g != g0 {
		t.Errorf("reads and dashboard requests moved the generation %d → %d", g0, g)
	}
	h.srv.PutContact(mockapi.Contact{FirstName: "Ann"})
	g1 := h.srv.Generation()
	if g1 <= g0 {
		t.Errorf("a store change left the generation at %d", g1)
	}
	h.call("GET", "/api/v2.04/addressbook/contact/list", "")
	g2 := h.srv.Generation()
	if g2 <= g1 {
		t.Errorf("a logged request left the generation at %d", g2)
	}
	h.srv.SetFaults(mockapi.Faults{Rate: 0.5})
	if g := h.srv.Generation(); g <= g2 {
		t.Errorf("a fault change left the generation at %d", g)
	}
}
