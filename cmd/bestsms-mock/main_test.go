package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// syncBuffer collects the program's output while it runs.
type syncBuffer = mocktest.SyncBuffer

func TestRunServesAnnouncesAndShutsDown(t *testing.T) {
	dir := t.TempDir()
	addrFile := filepath.Join(dir, "addr")
	statePath := filepath.Join(dir, "state.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-addr-file", addrFile, "-token", "tok",
			"-state", statePath, "-page-size", "2", "-v"}, &stdout, &stderr)
	}()

	var root string
	for deadline := time.Now().Add(10 * time.Second); root == "" && time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v; stderr %s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			root = strings.TrimSpace(string(data))
		}
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(root) {
		t.Fatalf("addr file holds %q", root)
	}
	line := stdout.String()
	want := "bestsms-mock listening on " + root + " (base_url " + root + "/api, token \"tok\")\n" +
		"bestsms-mock gateway api_v1 at " + root + "/api_v1 (sub_account \"001_mysub1\", sub_account_pass \"pa55w0Rd\", default_dial_code 234, timezone_offset +1)\n" +
		"bestsms-mock dashboard at " + root + "/ (outbox, address book, inbox, requests)\n"
	if line != want {
		t.Fatalf("stdout = %q, want %q", line, want)
	}
	if first := regexp.MustCompile(`http://[^\s)]+`).FindString(line); first != root {
		t.Errorf("first URL on the line = %q, want the root %q", first, root)
	}

	req, _ := http.NewRequest("POST", root+"/api/v2.04/addressbook/group", strings.NewReader(`{"GroupName":"Demo Group"}`))
	req.Header.Set("Authorization", "Basic tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"GroupCode":"Demo_Group"`) {
		t.Fatalf("create group: %d %s", resp.StatusCode, body)
	}
	// The dashboard at / (loopback needs no token) shows the group.
	resp, err = http.Get(root + "/ui/addressbook")
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Demo Group") || !strings.Contains(string(body), "<code>Demo_Group</code>") {
		t.Errorf("dashboard address book: %d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(root + "/api/v2.04/addressbook/group/list")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("list without token: %d, want 401", resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run after cancel: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop after cancel")
	}
	if !strings.Contains(stderr.String(), "path=/api/v2.04/addressbook/group") {
		t.Errorf("-v log lacks the request: %s", stderr.String())
	}
	var st struct{ Groups []struct{ GroupCode string } }
	data, err := os.ReadFile(statePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &st); err != nil || len(st.Groups) != 1 || st.Groups[0].GroupCode != "Demo_Group" {
		t.Fatalf("state file %s (%v)", data, err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-fault-statuses", "200"},
		{"-fault-rate", "2"},
		{"-page-size", "-1"},
		{"extra"},
		{"-addr", "256.0.0.1:0"},
		{"-delivery-delay", "-1s"},
		{"-status-delay", "-1s"},
		{"-webhook-url", "http://example.com/hook", "-allow-http-webhooks"},
		{"-webhook-url", "http://127.0.0.1:9/hook"},
		{"-webhook-url", "ftp://example.com"},
		{"-webhook-format", "YAML"},
		{"-webhook-retry", "0s"},
		{"-webhook-horizon", "-1h"},
		{"-net-fault", "explode"},
		{"-net-fault", "delay,path=contact"},
		{"-gateway-dial-code", "abc"},
		{"-gateway-timezone-offset", "+15"},
		{"-gateway-sender-id", "X"},
		{"-gateway-balance", "0"},
	} {
		var out, errOut syncBuffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "state.json")
	if err := os.WriteFile(bad, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut syncBuffer
	if err := run(context.Background(), []string{"-state", bad}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Errorf("corrupt state: %v", err)
	}
}

func TestRunNetFaultFlag(t *testing.T) {
	root := startRun(t, "-net-fault", "no-object,method=POST,path=addressbook/contact,count=1",
		"-net-fault", "html-502,path=group/list")
	if code, body := call(t, "POST", root+"/api/v2.04/addressbook/contact", `{"Attention":"A"}`); code != 200 || len(body) != 1 {
		t.Errorf("first create: %d %v, want {\"Result\":\"Success\"} alone", code, body)
	}
	if code, body := call(t, "POST", root+"/api/v2.04/addressbook/contact", `{"Attention":"B"}`); code != 200 || body["Contact"] == nil {
		t.Errorf("second create: %d %v, want the contact (count=1 used up)", code, body)
	}
	req, _ := http.NewRequest("GET", root+"/api/v2.04/addressbook/group/list", nil)
	req.Header.Set("Authorization", "Basic tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusBadGateway || resp.Header.Get("Content-Type") != "text/html" {
		t.Errorf("group list: %d %s, want the HTML 502", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var out, errOut syncBuffer
	if err := run(context.Background(), []string{"-h"}, &out, &errOut); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	for _, mode := range []string{"delay", "reset-before", "reset-after", "truncate", "empty", "html-502", "no-object",
		"redirect", "endless-pages", "repeat-items", "oversized"} {
		if !strings.Contains(errOut.String(), "  "+mode+" ") {
			t.Errorf("-h does not describe network fault mode %s:\n%s", mode, errOut.String())
		}
	}
}

func TestParseStatuses(t *testing.T) {
	got, err := parseStatuses(" 500, 429 ,")
	if err != nil || len(got) != 2 || got[0] != 500 || got[1] != 429 {
		t.Fatalf("parseStatuses = %v, %v", got, err)
	}
}

// startRun starts run with args on a free port and returns the server root;
// the server stops when the test ends.
func startRun(t *testing.T, args ...string) string {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0", "-addr-file", addrFile, "-token", "tok"}, args...), &stdout, &stderr)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("run did not stop")
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		select {
		case err := <-done:
			t.Fatalf("run returned early: %v; stderr %s", err, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
		if data, err := os.ReadFile(addrFile); err == nil && strings.HasSuffix(string(data), "\n") {
			return strings.TrimSpace(string(data))
		}
	}
	t.Fatal("server did not start")
	return ""
}

// call sends a request with the token and decodes the JSON answer.
func call(t *testing.T, method, url, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Basic tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	return resp.StatusCode, out
}

func TestRunMessagingFlags(t *testing.T) {
	type hook struct{ contentType, body string }
	hooks := make(chan hook, 10)
	var failed sync.Once
	recv := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		first := false
		failed.Do(func() { first = true })
		if first { // the first attempt fails: -webhook-retry must bring it again
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		hooks <- hook{r.Header.Get("Content-Type"), string(data)}
	}))
	root := startRun(t, "-delivery-delay", "300ms", "-webhook-url", recv.URL+"/hook", "-allow-http-webhooks",
		"-webhook-format", "XML", "-webhook-retry", "20ms", "-webhook-horizon", "5s")

	code, body := call(t, "POST", root+"/api/v2.04/send/sms", `{"MessageData":{"MessageID":"cmd-1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`)
	if code != 200 || body["MessageID"] != "cmd-1" {
		t.Fatalf("send: %d %v", code, body)
	}
	if _, st := call(t, "GET", root+"/api/v2.04/get/status/cmd-1", ""); st["Status"] != "Pending" {
		t.Errorf("status right after send = %v, want Pending (-delivery-delay)", st["Status"])
	}
	var h hook
	select {
	case h = <-hooks:
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook")
	}
	if h.contentType != "text/xml" || !strings.Contains(h.body, "<MessageID>cmd-1</MessageID>") || !strings.Contains(h.body, "<Status>SUCCESS</Status>") {
		t.Errorf("webhook %+v", h)
	}
	if _, st := call(t, "GET", root+"/api/v2.04/get/status/cmd-1", ""); st["Status"] != "Completed" {
		t.Errorf("status after the webhook = %v", st["Status"])
	}

	// The admin surface: inbound SMS and the message list.
	code, body = call(t, "POST", root+"/_mock/inbound", `{"from":"+61421000001","message":"ACK"}`)
	if code != 200 || body["Type"] != "SMSReply" || body["MessageID"] != "cmd-1" {
		t.Fatalf("inbound: %d %v", code, body)
	}
	select {
	case h = <-hooks:
		if !strings.Contains(h.body, "<Type>SMSReply</Type>") {
			t.Errorf("reply webhook %s", h.body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reply webhook")
	}
	if _, list := call(t, "GET", root+"/_mock/messages", ""); list["Count"] != 1.0 {
		t.Errorf("/_mock/messages = %v", list)
	}
}

// gateway sends an api_v1 form POST (or GET when get is true) and decodes
// the answer.
func gateway(t *testing.T, root string, get bool, fields url.Values) map[string]any {
	t.Helper()
	var resp *http.Response
	var err error
	if get {
		resp, err = http.Get(root + "/api_v1?" + fields.Encode())
	} else {
		resp, err = http.PostForm(root+"/api_v1", fields)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("api_v1 %s: HTTP %d %v", fields.Get("action"), resp.StatusCode, err)
	}
	return out
}

func TestRunGatewayFlags(t *testing.T) {
	root := startRun(t, "-delivery-delay", "300ms", "-gateway-sub-account", "007_ops", "-gateway-password", "hunter2",
		"-gateway-dial-code", "+44", "-gateway-timezone-offset", "-5", "-gateway-sender-id", "OpsDesk", "-gateway-balance", "50")
	creds := func(action string, kv ...string) url.Values {
		v := url.Values{"sub_account": {"007_ops"}, "sub_account_pass": {"hunter2"}, "action": {action}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	if out := gateway(t, root, true, creds("account_info")); out["balance"] != "50" || out["default_dial_code"] != "44" ||
		out["timezone_offset"] != "-5" || out["default_sender_id"] != "OpsDesk" || out["sub_account"] != "ops" {
		t.Fatalf("account_info: %v", out)
	}
	bad := creds("account_info")
	bad.Set("sub_account_pass", "pa55w0Rd")
	if out := gateway(t, root, false, bad); out["error_code"] != "4" {
		t.Fatalf("wrong password: %v", out)
	}

	// Contacts: saved with the dial code, fetched back.
	if out := gateway(t, root, false, creds("save_contacts", "group_name", "On call", "contacts", `[{"phone":"07700900123","firstname":"Ann"}]`)); out["total"] != "1" {
		t.Fatalf("save_contacts: %v", out)
	}
	if out := gateway(t, root, true, creds("fetch_contacts", "group_name", "On call")); !strings.Contains(fmt.Sprint(out["records"]), "phone:447700900123") {
		t.Fatalf("fetch_contacts: %v", out)
	}

	// A send to the group moves to DELIVERED after -delivery-delay.
	sent := gateway(t, root, false, creds("send_sms", "message", "Page", "contact_groups", "On call"))
	batch, _ := sent["batch_id"].(string)
	if sent["total"] != "1" || batch == "" {
		t.Fatalf("send_sms: %v", sent)
	}
	status := func(b string) []string {
		recs, _ := gateway(t, root, true, creds("fetch_sms", "batch_id", b))["records"].([]any)
		var out []string
		for _, r := range recs {
			rec, _ := r.(map[string]any)
			msg, _ := rec["status_msg"].(string)
			out = append(out, msg)
		}
		return out
	}
	if got := status(batch); len(got) != 1 || got[0] != "SENT" {
		t.Errorf("status right after send_sms = %v, want SENT", got)
	}
	deadline := time.Now().Add(10 * time.Second)
	for got := status(batch); len(got) != 1 || got[0] != "DELIVERED"; got = status(batch) {
		if time.Now().After(deadline) {
			t.Fatalf("status = %v, never DELIVERED", got)
		}
		time.Sleep(50 * time.Millisecond)
	}

	// stop_sms with a batch_id stops only that batch.
	later := func() string {
		out := gateway(t, root, false, creds("send_sms", "message", "Later", "recipients", "07700900456", "send_at", "2099-01-01 09:00"))
		batch, _ := out["batch_id"].(string)
		return batch
	}
	a, b := later(), later()
	if out := gateway(t, root, false, creds("stop_sms", "batch_id", a)); out["total"] != "1" {
		t.Fatalf("stop_sms: %v", out)
	}
	if got := status(a); len(got) != 1 || got[0] != "FAILED" {
		t.Errorf("stopped batch: %v", got)
	}
	if got := status(b); len(got) != 1 || got[0] != "PENDING" {
		t.Errorf("other batch: %v", got)
	}
}

func TestRunStatusDelay(t *testing.T) {
	root := startRun(t, "-status-delay", "400ms", "-delivery-delay", "0s")
	if code, body := call(t, "POST", root+"/api/v2.04/send/sms", `{"MessageData":{"MessageID":"sd-1","Message":"hi","Destinations":[{"Recipient":"+61421000001"}]}}`); code != 200 {
		t.Fatalf("send: %d %v", code, body)
	}
	if code, body := call(t, "GET", root+"/api/v2.04/get/status/sd-1", ""); code != 404 || fmt.Sprint(body["ErrorMessage"]) != "[Message(s) NOT found]" {
		t.Errorf("status right after send: %d %v, want 404 Message(s) NOT found (-status-delay)", code, body)
	}
	time.Sleep(500 * time.Millisecond)
	if code, body := call(t, "GET", root+"/api/v2.04/get/status/sd-1", ""); code != 200 || body["MessageID"] != "sd-1" {
		t.Errorf("status after -status-delay: %d %v", code, body)
	}
}

// TestRunWithoutDashboard: -dashboard=false leaves / a 404 like any unknown
// path.
func TestRunWithoutDashboard(t *testing.T) {
	root := startRun(t, "-dashboard=false")
	resp, err := http.Get(root + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(body), "Route not found") {
		t.Errorf("GET / with -dashboard=false: %d %s", resp.StatusCode, body)
	}
}
