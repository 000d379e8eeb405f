package mockapi_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// sendAs sends a request to the harness's server with exactly the given
// headers ("Host" sets the Host the request names) and returns the status
// and body.
func (h *harness) sendAs(method, path, body string, headers map[string]string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(method, h.ts.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for k, v := range headers {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// seeded is a harness with one contact, to see whether a reset went through.
func seeded(t *testing.T, opts mockapi.Options) *harness {
	t.Helper()
	h := newHarness(t, opts)
	h.srv.PutContact(mockapi.Contact{Attention: "Kept", MobilePhone: "+61421000001"})
	return h
}

// A web page cannot reset the mock: a form (urlencoded, multipart,
// text/plain), a no-cors fetch without a body, or any request naming
// another site in Origin is refused and the store stays; a program's
// request (no Origin, JSON) and the mock's own page (same Origin) are not.
func TestCrossSiteAdminRequestsRefused(t *testing.T) {
	h := seeded(t, mockapi.Options{})
	self := "http://" + h.ts.Listener.Addr().String()
	for name, headers := range map[string]map[string]string{
		"text/plain form":             {"Content-Type": "text/plain"},
		"urlencoded form":             {"Content-Type": "application/x-www-form-urlencoded"},
		"multipart form":              {"Content-Type": "multipart/form-data; boundary=x"},
		"no-cors fetch without body":  {},
		"JSON from another site":      {"Content-Type": "application/json", "Origin": "https://evil.example"},
		"JSON from another port":      {"Content-Type": "application/json", "Origin": "http://127.0.0.1:1"},
		"JSON from a sandboxed frame": {"Content-Type": "application/json", "Origin": "null"},
		"form from another site":      {"Content-Type": "text/plain", "Origin": "https://evil.example"},
	} {
		status, body := h.sendAs("POST", "/_mock/reset", "{}", headers)
		if status != http.StatusForbidden && status != http.StatusUnsupportedMediaType {
			t.Errorf("%s: POST /_mock/reset = %d %s, want it refused", name, status, body)
		}
		if !strings.HasPrefix(body, `{"Result":"Failed"`) {
			t.Errorf("%s: answer %s is not the mock's JSON failure", name, body)
		}
		if len(h.srv.Contacts()) != 1 {
			t.Fatalf("%s: the store was reset", name)
		}
	}
	for _, path := range []string{"/_mock/faults", "/_mock/inbound", "/_mock/gateway", "/_mock/stats/reset"} {
		if status, _ := h.sendAs("POST", path, `{}`, map[string]string{"Content-Type": "text/plain"}); status != http.StatusUnsupportedMediaType {
			t.Errorf("POST %s as text/plain = %d, want 415", path, status)
		}
	}

	// The mock's own dashboard: a same-origin fetch posting JSON.
	status, body := h.sendAs("POST", "/_mock/inbound", `{"from":"+61421000009","message":"hi"}`,
		map[string]string{"Content-Type": "application/json", "Origin": self})
	if status != http.StatusOK {
		t.Errorf("same-origin JSON POST = %d %s", status, body)
	}
	// curl as the README shows it.
	if status, body := h.sendAs("POST", "/_mock/reset", "", map[string]string{"Content-Type": "application/json; charset=utf-8"}); status != http.StatusOK {
		t.Fatalf("POST /_mock/reset as JSON = %d %s", status, body)
	}
	if len(h.srv.Contacts()) != 0 {
		t.Error("the JSON reset did not reset")
	}
}

// DNS rebinding: a page whose name was pointed at 127.0.0.1 reaches the
// mock as its own origin, with its own name in Host. Such a request is
// refused on every route (the admin API's reads, the API with the
// well-known token, api_v1 with the default password); localhost, IP
// addresses and the names given as PublicHosts are served.
func TestRequestsForAnotherHostRefused(t *testing.T) {
	// The well-known token, as a page would send it.
	h := seeded(t, mockapi.Options{Tokens: []string{mockapi.DefaultToken}, PublicHosts: []string{"bestsms-mock", "Mock.Example.Internal."}})
	_, port, _ := strings.Cut(h.ts.Listener.Addr().String(), ":")
	gwQuery := "/api_v1?" + url.Values{"sub_account": {mockapi.DefaultGatewaySubAccount},
		"sub_account_pass": {mockapi.DefaultGatewayPassword}, "action": {"fetch_contacts"}}.Encode()
	routes := []struct{ method, path, body string }{
		{"GET", "/_mock/state", ""},
		{"GET", "/_mock/", ""},
		{"GET", "/api/v2.04/addressbook/contact/list", ""},
		{"GET", gwQuery, ""},
		{"POST", "/_mock/reset", ""},
	}
	for _, host := range []string{"attacker.example:" + port, "attacker.example", "127.0.0.1.nip.io:" + port, "localhost.attacker.example"} {
		for _, rt := range routes {
			status, body := h.sendAs(rt.method, rt.path, rt.body, map[string]string{"Host": host,
				"Authorization": "Basic " + h.token, "Content-Type": "application/json"})
			if status != http.StatusForbidden || !strings.Contains(body, "DNS rebinding") || strings.Contains(body, "Kept") {
				t.Errorf("Host %q: %s %s = %d %s, want 403", host, rt.method, rt.path, status, body)
			}
		}
	}
	if len(h.srv.Contacts()) != 1 {
		t.Fatal("a rebound request reset the store")
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "app.localhost:" + port, "[::1]:" + port,
		"192.0.2.7:" + port, "bestsms-mock:" + port, "mock.example.internal"} {
		for _, rt := range routes[:4] {
			if status, body := h.sendAs(rt.method, rt.path, "", map[string]string{"Host": host, "Authorization": "Basic " + h.token}); status != http.StatusOK {
				t.Errorf("Host %q: %s %s = %d %s, want 200", host, rt.method, rt.path, status, body)
			}
		}
	}
	// A token of the operator's own, which no page can know, may name the
	// mock as it likes (a name of the machine); a wrong one is 401.
	private := seeded(t, mockapi.Options{Tokens: []string{"0p3rat0r-own"}})
	if status, body := private.sendAs("GET", "/_mock/state", "", map[string]string{"Host": "devbox.lan:8089",
		"Authorization": "Basic 0p3rat0r-own"}); status != http.StatusOK {
		t.Errorf("a private token for another name: %d %s", status, body)
	}
	if status, _ := private.sendAs("GET", "/_mock/state", "", map[string]string{"Host": "devbox.lan:8089",
		"Authorization": "Basic wrong"}); status != http.StatusUnauthorized {
		t.Errorf("a wrong token for another name: %d, want 401", status)
	}

	// A form posted to api_v1 from another site (the default password is
	// well known) is refused before it acts.
	form := url.Values{"sub_account": {mockapi.DefaultGatewaySubAccount}, "sub_account_pass": {mockapi.DefaultGatewayPassword},
		"action": {"delete_contacts"}, "search_term": {"2"}}.Encode()
	h.srv.PutGatewayContact(mockapi.GatewayContact{Phone: "2348011112222", GroupName: "x"})
	if status, _ := h.sendAs("POST", "/api_v1", form, map[string]string{"Content-Type": "application/x-www-form-urlencoded",
		"Origin": "https://evil.example"}); status != http.StatusForbidden || len(h.srv.GatewayContacts()) != 1 {
		t.Errorf("cross-site api_v1 form: %d, %d contacts left", status, len(h.srv.GatewayContacts()))
	}

	if _, err := mockapi.New(mockapi.Options{PublicHosts: []string{"http://mock/x"}}); err == nil {
		t.Error("New accepted a public host with a scheme and a path")
	}
}

// The request log hides the gateway password however the query spells its
// key: sub%5Faccount%5Fpass is sub_account_pass once decoded (and the mock
// accepts it as such).
func TestRequestLogHidesCredentialsInEverySpelling(t *testing.T) {
	var logBuf mocktest.SyncBuffer
	h := newHarness(t, mockapi.Options{Logger: slog.New(slog.NewTextHandler(&logBuf, nil)),
		Gateway: mockapi.GatewayOptions{Password: "Hunter2Pass"}})
	for i, q := range []string{
		"sub_account=001_mysub1&sub_account_pass=Hunter2Pass&action=account_info",
		"sub_account=001_mysub1&sub%5Faccount%5Fpass=Hunter2Pass&action=account_info",
		"sub_account=001_mysub1&sub%5faccount%5fpass=Hunter2%50ass&action=account_info",
		"sub_account=001_mysub1&SUB_ACCOUNT_PASS=Hunter2Pass&sub_account_pass=Hunter2Pass&action=account_info",
		"sub_account=001_mysub1&sub_account_pass=Hunter2Pass&action=account_info&x=%zz",
		"sub_account=001_mysub1&sub_account_pass=Hunter2Pass;action=account_info",
	} {
		status, body := h.sendAs("GET", "/api_v1?"+q, "", nil)
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", q, status, body)
		}
		lines := strings.Split(strings.TrimSpace(logBuf.String()), "\n")
		if len(lines) != i+1 || strings.Contains(lines[i], "Hunter2") || !strings.Contains(lines[i], "/api_v1") {
			t.Errorf("%s: request log %s", q, lines[len(lines)-1])
		}
	}
}

// A webhook receiver that redirects gets no second request elsewhere: the
// 3xx is a failed attempt.
func TestWebhooksDoNotFollowRedirects(t *testing.T) {
	elsewhere := newReceiver(t, false, nil)
	redirecting := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.ts.URL+"/stolen", http.StatusTemporaryRedirect)
	}))
	h := newHarness(t, mockapi.Options{AllowHTTPWebhooks: true, WebhookURL: redirecting.URL + "/hook",
		WebhookRetryInterval: time.Hour})
	if _, err := h.srv.Inbound("+61421000001", "hello", ""); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the webhook attempt", func() bool { return len(h.srv.WebhookAttempts()) >= 1 })
	a := h.srv.WebhookAttempts()[0]
	if a.StatusCode != http.StatusTemporaryRedirect || a.Err == "" {
		t.Errorf("attempt = %+v, want a failed 307", a)
	}
	time.Sleep(50 * time.Millisecond)
	if n := len(elsewhere.requests()); n != 0 {
		t.Errorf("the redirect target got %d request(s)", n)
	}
}
