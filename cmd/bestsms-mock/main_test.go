package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a goroutine-safe bytes.Buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

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
	want := "bestsms-mock listening on " + root + " (base_url " + root + "/api, token \"tok\")\n"
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
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		first := false
		failed.Do(func() { first = true })
		if first { // the first attempt fails: -webhook-retry must bring it again
			w.WriteHeader(http.StatusBadGateway)
			return
		}
		hooks <- hook{r.Header.Get("Content-Type"), string(data)}
	}))
	defer recv.Close()
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
