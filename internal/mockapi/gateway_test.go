package mockapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// The api_v1 wire tests send what the reference's samples send: GET with a
// query string, POST with an urlencoded form, and POST with a multipart
// form (PHP's CURLOPT_POSTFIELDS given an array).

var gwMethods = []string{"GET", "POST", "MULTIPART"}

// gwVals builds the fields of one request with the default credentials;
// kv are "name", "value" pairs.
func gwVals(action string, kv ...string) url.Values {
	v := url.Values{"sub_account": {mockapi.DefaultGatewaySubAccount}, "sub_account_pass": {mockapi.DefaultGatewayPassword}}
	if action != "" {
		v.Set("action", action)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// gwRaw sends vals to /api_v1 as how (GET, POST or MULTIPART) and returns
// the HTTP status and the raw body.
func (h *harness) gwRaw(how string, vals url.Values) (int, string) {
	h.t.Helper()
	var req *http.Request
	var err error
	switch how {
	case "GET":
		req, err = http.NewRequest(http.MethodGet, h.ts.URL+"/api_v1?"+vals.Encode(), nil)
	case "POST":
		req, err = http.NewRequest(http.MethodPost, h.ts.URL+"/api_v1", strings.NewReader(vals.Encode()))
		if err == nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
	case "MULTIPART":
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, v := range vals[k] {
				_ = mw.WriteField(k, v)
			}
		}
		_ = mw.Close()
		req, err = http.NewRequest(http.MethodPost, h.ts.URL+"/api_v1", &buf)
		if err == nil {
			req.Header.Set("Content-Type", mw.FormDataContentType())
		}
	default:
		h.t.Fatalf("unknown request kind %q", how)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s api_v1: %v", how, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

// gw sends vals and decodes the JSON object answered with HTTP 200.
func (h *harness) gw(how string, vals url.Values) map[string]any {
	h.t.Helper()
	status, raw := h.gwRaw(how, vals)
	var out map[string]any
	if err := json.Unmarshal([]byte(raw), &out); err != nil || out == nil {
		h.t.Fatalf("%s %s: body is not a JSON object (%v): %q", how, vals.Get("action"), err, raw)
	}
	if status != http.StatusOK {
		h.t.Fatalf("%s %s: HTTP %d %s, want 200", how, vals.Get("action"), status, raw)
	}
	return out
}

// gwOK requires an answer without an error member.
func (h *harness) gwOK(how string, vals url.Values) map[string]any {
	h.t.Helper()
	out := h.gw(how, vals)
	if _, failed := out["error"]; failed {
		h.t.Fatalf("%s %s: failed: %v", how, vals.Get("action"), out)
	}
	return out
}

// gwFail requires {"error": <text containing want>, "error_code": "<code>"}.
func (h *harness) gwFail(how string, code, want string, vals url.Values) {
	h.t.Helper()
	out := h.gw(how, vals)
	msg, _ := out["error"].(string)
	if out["error_code"] != code || !strings.Contains(msg, want) || len(out) != 2 {
		h.t.Fatalf("%s %s: answer %v, want error_code %q and an error containing %q", how, vals.Get("action"), out, code, want)
	}
}

// gwSMSRecords fetches every SMS record matching the extra fields (one page
// of 300).
func (h *harness) gwSMSRecords(how string, kv ...string) []map[string]any {
	h.t.Helper()
	return arr(h.t, h.gwOK(how, gwVals("fetch_sms", append([]string{"perpage", "300"}, kv...)...)), "records")
}

func TestGatewayCredentialsAndActionErrors(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	for _, how := range gwMethods {
		h.gwFail(how, "1", "sub_account not supplied", url.Values{"sub_account_pass": {"x"}, "action": {"account_info"}})
		h.gwFail(how, "1", "sub_account not supplied", url.Values{"sub_account": {"  "}, "sub_account_pass": {"x"}, "action": {"account_info"}})
		h.gwFail(how, "2", "sub_account_pass not supplied", url.Values{"sub_account": {"001_mysub1"}, "action": {"account_info"}})
		h.gwFail(how, "3", "action not supplied", gwVals(""))
		h.gwFail(how, "4", "Incorrect sub_account name or password", url.Values{"sub_account": {"001_mysub1"}, "sub_account_pass": {"pa55w0rd"}, "action": {"account_info"}})
		h.gwFail(how, "4", "Incorrect sub_account name or password", url.Values{"sub_account": {"001_MYSUB1"}, "sub_account_pass": {"pa55w0Rd"}, "action": {"account_info"}})
		h.gwFail(how, "6", "Invalid action", gwVals("send_email"))
		// Field names are exact.
		h.gwFail(how, "3", "action not supplied", gwVals("", "Action", "account_info"))
		// The same field twice with different values.
		h.gwFail(how, "9", "action is given twice", gwVals("account_info", "action", "fetch_sms"))
		// An action in capitals is still known.
		if out := h.gwOK(how, gwVals("ACCOUNT_INFO")); out["balance"] != "1000" {
			t.Errorf("%s ACCOUNT_INFO: %v", how, out)
		}
	}
	// A POST with the action in the query and the credentials in the body.
	status, raw := h.gwRaw("POST", url.Values{"sub_account": {"001_mysub1"}, "sub_account_pass": {"pa55w0Rd"}})
	if status != 200 || !strings.Contains(raw, `"error_code":"3"`) {
		t.Fatalf("POST without action: %d %s", status, raw)
	}
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/API_V1/?action=account_info",
		strings.NewReader(url.Values{"sub_account": {"001_mysub1"}, "sub_account_pass": {"pa55w0Rd"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(data), `"sub_account":"mysub1"`) {
		t.Fatalf("query action + body credentials on /API_V1/: %d %s", resp.StatusCode, data)
	}
	// A JSON body carries no form fields, as in PHP.
	req, _ = http.NewRequest(http.MethodPost, h.ts.URL+"/api_v1", strings.NewReader(`{"sub_account":"001_mysub1"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	data, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(data), `"error_code":"1"`) {
		t.Fatalf("JSON body: %s", data)
	}
	// Other methods.
	req, _ = http.NewRequest(http.MethodPut, h.ts.URL+"/api_v1?"+gwVals("account_info").Encode(), nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "GET, POST" {
		t.Fatalf("PUT: %d Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}

	// A disabled sub-account (error 5), through the admin API.
	status, raw = adminCall(t, h, http.MethodPost, "/_mock/gateway", `{"disabled":true}`)
	if status != 200 || !strings.Contains(raw, `"disabled":true`) {
		t.Fatalf("disable: %d %s", status, raw)
	}
	for _, how := range gwMethods {
		h.gwFail(how, "5", "The sub-account is currently disabled", gwVals("account_info"))
		// Wrong credentials are still 4, not 5.
		h.gwFail(how, "4", "Incorrect", url.Values{"sub_account": {"001_mysub1"}, "sub_account_pass": {"no"}, "action": {"account_info"}})
	}
	h.srv.SetGatewayDisabled(false)
	h.gwOK("GET", gwVals("account_info"))
}

// adminCall sends an admin request from loopback.
func adminCall(t *testing.T, h *harness, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, h.ts.URL+path, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(data)
}

func TestGatewayAccountInfo(t *testing.T) {
	h := newHarness(t, mockapi.Options{Gateway: mockapi.GatewayOptions{SubAccount: "042_ops", Password: "s3cret", DialCode: "+61",
		TimezoneOffset: "-5.5", SenderID: "OpsTeam", Balance: 77}})
	for _, how := range gwMethods {
		out := h.gwOK(how, url.Values{"sub_account": {"042_ops"}, "sub_account_pass": {"s3cret"}, "action": {"account_info"}})
		equal(t, how+" account_info", out, map[string]any{
			"sub_account_id": "1", "sub_account": "ops", "user_id": "1", "balance": "77",
			"notification_email": "gateway@example.com", "default_dial_code": "61", "timezone_offset": "-5.5",
			"default_sender_id": "OpsTeam",
		})
	}
	for _, bad := range []mockapi.GatewayOptions{{DialCode: "2345x"}, {TimezoneOffset: "+15"}, {TimezoneOffset: "1:75"}, {SenderID: "AB"}, {Balance: -1}} {
		if _, err := mockapi.New(mockapi.Options{Gateway: bad}); err == nil {
			t.Errorf("New accepted gateway options %+v", bad)
		}
	}
}

func TestParseOffset(t *testing.T) {
	for in, want := range map[string]struct {
		text    string
		seconds int
	}{
		"+1": {"1", 3600}, "1": {"1", 3600}, "-5": {"-5", -18000}, "5.5": {"5.5", 19800},
		"+05:30": {"5.5", 19800}, "-03:45": {"-3.75", -13500}, "0": {"0", 0}, "+14": {"14", 50400},
	} {
		loc, text, ok := mockapi.ParseOffset(in)
		if !ok {
			t.Errorf("parseOffset(%q) failed", in)
			continue
		}
		_, secs := time.Date(2025, 1, 1, 0, 0, 0, 0, loc).Zone()
		if text != want.text || secs != want.seconds {
			t.Errorf("parseOffset(%q) = %q, %d s; want %q, %d s", in, text, secs, want.text, want.seconds)
		}
	}
	for _, bad := range []string{"", "+", "1h", "+15", "-13", "5:60", "UTC+1", "1.5.5"} {
		if _, _, ok := mockapi.ParseOffset(bad); ok {
			t.Errorf("parseOffset(%q) succeeded", bad)
		}
	}
}

func TestGatewayNumbers(t *testing.T) {
	for _, c := range []struct {
		in, dial, want string
		ok             bool
	}{
		{"08086689567", "234", "2348086689567", true},
		{"+2348094309000", "234", "2348094309000", true},
		{"4478128372838", "234", "4478128372838", true},
		{"+234 809-430 (9926)", "234", "2348094309926", true},
		{"0421000001", "61", "61421000001", true},
		{"", "234", "", false},
		{"+", "234", "", false},
		{"++2348094309926", "234", "", false},
		{"phone", "234", "", false},
		{"0803x", "234", "", false},
		{"123456789012345678901", "234", "", false},
	} {
		got, ok := mockapi.GwNumber(c.in, c.dial)
		if got != c.want || ok != c.ok {
			t.Errorf("gwNumber(%q, %q) = %q, %v; want %q, %v", c.in, c.dial, got, ok, c.want, c.ok)
		}
	}
}

func TestGatewayAdminStateResetStatsAndPersistence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	var logBuf mocktest.SyncBuffer
	h := newHarness(t, mockapi.Options{StatePath: path, Logger: slog.New(slog.NewTextHandler(&logBuf, nil))})
	h.gwOK("GET", gwVals("save_contacts", "phone_numbers", "08086689567", "group_name", "Team"))
	sent := h.gwOK("POST", gwVals("send_sms", "message", "hi", "recipients", "08086689567"))

	// The state dump and the state file hold the gateway.
	status, raw := adminCall(t, h, http.MethodGet, "/_mock/state", "")
	var dump struct {
		Gateway struct {
			Balance  *int
			SMS      []struct{ ID int }
			Contacts []mockapi.GatewayContact
		}
	}
	if err := json.Unmarshal([]byte(raw), &dump); status != 200 || err != nil {
		t.Fatalf("/_mock/state: %d %v %s", status, err, raw)
	}
	if len(dump.Gateway.SMS) != 1 || len(dump.Gateway.Contacts) != 1 || dump.Gateway.Balance == nil || *dump.Gateway.Balance != 999 {
		t.Fatalf("/_mock/state gateway = %+v", dump.Gateway)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), sv(sent["batch_id"])) {
		t.Fatalf("state file lacks the batch %v: %v %s", sent["batch_id"], err, data)
	}

	// Statistics per action.
	stats := h.srv.Stats()
	if stats.Routes["GET api_v1/save_contacts"] != 1 || stats.Routes["POST api_v1/send_sms"] != 1 {
		t.Errorf("stats = %+v", stats)
	}
	// The request log never shows the password.
	if strings.Contains(logBuf.String(), mockapi.DefaultGatewayPassword) || !strings.Contains(logBuf.String(), "sub_account_pass=***") {
		t.Errorf("request log: %s", logBuf.String())
	}

	// A restart on the same file keeps everything, and ids go on.
	h2 := newHarness(t, mockapi.Options{StatePath: path})
	if got := h2.srv.GatewayAccount(); got.Balance != 999 || got.SMS != 1 || got.Contacts != 1 {
		t.Fatalf("after restart: %+v", got)
	}
	h2.gwOK("GET", gwVals("send_sms", "message", "again", "recipients", "2348011112222"))
	if recs := h2.srv.GatewaySMS(); len(recs) != 2 || recs[1].ID != 2 {
		t.Fatalf("SMS after restart: %+v", recs)
	}

	// Reset empties the gateway and restores the balance.
	status, _ = adminCall(t, h2, http.MethodPost, "/_mock/reset", "")
	if got := h2.srv.GatewayAccount(); status != 200 || got.Balance != mockapi.DefaultGatewayBalance || got.SMS != 0 || got.Contacts != 0 || got.Disabled {
		t.Fatalf("after reset: %d %+v", status, got)
	}
	out := h2.gwOK("GET", gwVals("get_contact_groups"))
	if g, ok := out["contact_groups"].([]any); !ok || len(g) != 0 {
		t.Errorf("groups after reset: %v", out)
	}

	// A state file from before the gateway loads, and ids start at 1.
	old := filepath.Join(t.TempDir(), "old.json")
	if err := os.WriteFile(old, []byte(`{"Version":1,"Contacts":[],"Groups":[],"Memberships":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	h3 := newHarness(t, mockapi.Options{StatePath: old})
	h3.gwOK("GET", gwVals("save_contacts", "phone_numbers", "08086689567"))
	if cs := h3.srv.GatewayContacts(); len(cs) != 1 || cs[0].ID != 1 || cs[0].GroupName != "default" {
		t.Fatalf("contacts on an old state file: %+v", cs)
	}
	// A corrupt gateway part is refused.
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"Version":1,"Gateway":{"Contacts":[{"ID":3},{"ID":3}]}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := mockapi.New(mockapi.Options{StatePath: bad}); err == nil || !strings.Contains(err.Error(), "repeated") {
		t.Fatalf("repeated contact ids: %v", err)
	}

	// The admin endpoint validates its input.
	if status, raw := adminCall(t, h2, http.MethodPost, "/_mock/gateway", `{"balance":-1}`); status != 400 {
		t.Errorf("negative balance: %d %s", status, raw)
	}
	if status, raw := adminCall(t, h2, http.MethodPost, "/_mock/gateway", `{"balance":5}`); status != 200 || !strings.Contains(raw, `"balance":5`) {
		t.Errorf("balance 5: %d %s", status, raw)
	}
}

func TestGatewayFaults(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	// A fault before the change on the gateway only.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{503}, PathContains: "api_v1"})
	for _, how := range gwMethods {
		if status, _ := h.gwRaw(how, gwVals("send_sms", "message", "hi", "recipients", "2348011112222")); status != 503 {
			t.Errorf("%s send under a fault: HTTP %d", how, status)
		}
	}
	if n := len(h.srv.GatewaySMS()); n != 0 {
		t.Fatalf("%d SMS recorded under before-change faults", n)
	}
	// The REST API is not affected.
	h.ok("GET", "/api/v2.04/addressbook/contact/list", "")

	// After the change: the SMS is recorded, the client sees a 500.
	h.srv.SetFaults(mockapi.Faults{Rate: 1, AfterFraction: 1, PathContains: "api_v1", Methods: []string{"POST"}})
	if status, _ := h.gwRaw("POST", gwVals("send_sms", "message", "hi", "recipients", "2348011112222")); status != 500 {
		t.Errorf("after-change fault: HTTP %d", status)
	}
	if n := len(h.srv.GatewaySMS()); n != 1 {
		t.Fatalf("%d SMS recorded under an after-change fault, want 1", n)
	}
	// GET is outside the Methods filter.
	h.gwOK("GET", gwVals("fetch_sms"))
}
