package mockapi_test

import (
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

func basic(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// TestRequestLogKeepsTheLastRequestsNewestFirst: method, masked URI, area,
// status and fault of each; admin reads are left out; the ring keeps
// RequestLogSize; a reset empties it.
func TestRequestLogKeepsTheLastRequestsNewestFirst(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	h.call("GET", "/api/v2.04/addressbook/contact/list?page=1", "")
	h.call("GET", "/api/v2.03/nothing", "")
	h.call("GET", "/_mock/state", "")
	h.call("POST", "/_mock/faults", `{"rate":1,"statuses":[503],"path_contains":"group"}`)
	h.call("GET", "/api/v2.04/addressbook/group/list", "")
	h.call("GET", "/elsewhere", "")

	got := h.srv.Requests()
	want := []struct {
		method, uri, area string
		status            int
		fault             string
	}{
		{"GET", "/elsewhere", "", 404, ""},
		{"GET", "/api/v2.04/addressbook/group/list", "REST v2.04", 503, "503 before change"},
		{"POST", "/_mock/faults", "admin", 200, ""},
		{"GET", "/api/v2.03/nothing", "REST v2.03", 404, ""},
		{"GET", "/api/v2.04/addressbook/contact/list?page=1", "REST v2.04", 200, ""},
	}
	if len(got) != len(want) {
		t.Fatalf("request log = %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Method != w.method || g.URI != w.uri || g.Area != w.area || g.Status != w.status || g.Fault != w.fault {
			t.Errorf("request %d = %+v, want %+v", i, g, w)
		}
		if !g.Time.Equal(t0) || g.Duration < 0 {
			t.Errorf("request %d time %v duration %v", i, g.Time, g.Duration)
		}
	}

	h.call("POST", "/_mock/faults", `{"rate":0}`)
	for i := range mockapi.RequestLogSize + 5 {
		h.call("GET", fmt.Sprintf("/api/v2.04/addressbook/contact/list?page=%d", i), "")
	}
	got = h.srv.Requests()
	if len(got) != mockapi.RequestLogSize {
		t.Fatalf("the log keeps %d, want %d", len(got), mockapi.RequestLogSize)
	}
	if want := fmt.Sprintf("page=%d", mockapi.RequestLogSize+4); !strings.HasSuffix(got[0].URI, want) {
		t.Errorf("newest = %s, want …%s", got[0].URI, want)
	}
	if want := "page=5"; !strings.HasSuffix(got[len(got)-1].URI, want) {
		t.Errorf("oldest = %s, want …%s", got[len(got)-1].URI, want)
	}

	h.call("POST", "/_mock/reset", "")
	if got := h.srv.Requests(); len(got) != 1 || got[0].URI != "/_mock/reset" {
		t.Errorf("after a reset: %+v", got)
	}
}

// TestRequestLogMasksSecrets: neither an accepted token nor the gateway
// password, nor the value of a credential parameter, shows in the request
// log or the -v log, however the request spells or escapes it.
func TestRequestLogMasksSecrets(t *testing.T) {
	const password = "gw-P@ss word+9"
	var logs mocktest.SyncBuffer
	h := newHarness(t, mockapi.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil)), Gateway: mockapi.GatewayOptions{Password: password}})
	enc := url.QueryEscape
	gw := "/api_v1?sub_account=001_mysub1&action=account_info&"
	paths := []string{
		gw + "sub_account_pass=" + enc(password),
		gw + "sub%5Faccount%5Fpass=" + enc(password),
		gw + "SUB_ACCOUNT_PASS=guess-123",
		gw + "x=" + enc(enc(password)),
		"/api/v2.04/addressbook/contact/list?token=" + testToken,
		"/api/v2.04/addressbook/contact/list?APIKey=" + enc("other-key-77") + "&q=" + enc("a "+testToken+" b"),
		"/api/v2.04/addressbook/contact/" + testToken,
		"/api/v2.04/addressbook/contact/list?" + enc(testToken) + "=1",
		"/api/v2.04/addressbook/contact/list?password",
	}
	for _, p := range paths {
		h.call("GET", p, "")
	}
	// The gateway's form body and the REST legacy body credentials are
	// never logged at all.
	h.call("POST", "/api_v1", "sub_account=001_mysub1&action=account_info&sub_account_pass="+enc(password),
		"Content-Type: application/x-www-form-urlencoded")
	h.call("POST", "/api/v2.04/get/status", `{"Sender":"a@b.example","APIKey":"`+testToken+`","MessageID":"m1"}`, "Authorization: -")

	var all strings.Builder
	for _, r := range h.srv.Requests() {
		all.WriteString(r.URI + "\n")
	}
	for _, text := range []string{all.String(), logs.String()} {
		for _, secret := range []string{password, enc(password), url.PathEscape(password), testToken, "guess-123", "other-key-77"} {
			if strings.Contains(text, secret) {
				t.Errorf("%q shows:\n%s", secret, text)
			}
		}
	}
	for _, want := range []string{
		"sub_account_pass=***", "sub%5Faccount%5Fpass=***", "SUB_ACCOUNT_PASS=***", "x=***", "token=***",
		"APIKey=***&q=***", "/api/v2.04/addressbook/contact/***", "***=***", "?password=***",
	} {
		if !strings.Contains(all.String(), want) {
			t.Errorf("request log lacks %q:\n%s", want, all.String())
		}
	}
	if n := len(h.srv.Requests()); n != len(paths)+2 {
		t.Errorf("%d requests logged, want %d", n, len(paths)+2)
	}
}
