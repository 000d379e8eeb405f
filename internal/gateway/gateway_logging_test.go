package gateway

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

type logEntry struct {
	level, msg string
	fields     map[string]any
}

// render prints an entry the way a structured logger shows it.
func (e logEntry) render() string {
	keys := make([]string, 0, len(e.fields))
	for k := range e.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.level, e.msg)
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%v", k, e.fields[k])
	}
	return b.String()
}

type recordingLogger struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *recordingLogger) add(level, msg string, f map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, logEntry{level, msg, f})
}

func (l *recordingLogger) Debug(_ context.Context, msg string, f map[string]any) {
	l.add("DEBUG", msg, f)
}
func (l *recordingLogger) Trace(_ context.Context, msg string, f map[string]any) {
	l.add("TRACE", msg, f)
}

func (l *recordingLogger) all() []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logEntry(nil), l.entries...)
}

func TestCredentialsNeverLoggedNorInErrors(t *testing.T) {
	const sub, pass = "042_zebra", "Tr0ub4dor&3 ü"
	secrets := []string{sub, pass, url.QueryEscape(pass), url.QueryEscape(sub), "zebra"}
	m := newMock(t, mockapi.Options{Gateway: mockapi.GatewayOptions{SubAccount: sub, Password: pass}})
	// An echoing stub: an error message, an HTTP error body and a redirect
	// that repeat what they received.
	echo, echoURL := newStub(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Form.Get("action") {
		case "fetch_sms":
			answer(200, fmt.Sprintf(`{"error":"bad request: %s","error_code":"8"}`, r.Form.Encode()))(w, r)
		case "account_info":
			answer(500, "<pre>"+r.Form.Encode()+" "+r.Form.Get("sub_account_pass")+"</pre>")(w, r)
		default:
			http.Redirect(w, r, "https://elsewhere.example/api_v1?"+r.Form.Encode(), http.StatusFound)
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + ln.Addr().String() + "/api_v1"
	_ = ln.Close()

	for _, method := range both {
		logger := &recordingLogger{}
		mod := func(cfg *Config) { cfg.SubAccount, cfg.Password, cfg.Logger = sub, pass, logger }
		c := m.client(t, method, mod)
		var errs []error
		keep := func(err error) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		a, err := c.AccountInfo(ctx(t))
		if err != nil || a.SubAccount != "zebra" {
			t.Fatalf("%s account_info: %+v %v", method, a, err)
		}
		_, err = c.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"2348011112222"}})
		keep(err)
		_, err = c.FetchSMS(ctx(t), SMSQuery{})
		keep(err)
		_, err = m.client(t, method, mod, func(cfg *Config) { cfg.Password = pass + "x" }).AccountInfo(ctx(t))
		keep(err)
		e := newTestClient(t, echoURL, method, mod)
		_, err = e.FetchSMS(ctx(t), SMSQuery{})
		keep(err)
		_, err = e.AccountInfo(ctx(t))
		keep(err)
		_, err = e.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"1"}})
		keep(err)
		dead := newTestClient(t, closedURL, method, mod)
		_, err = dead.AccountInfo(ctx(t))
		keep(err)
		_, err = dead.SendSMS(ctx(t), SendRequest{Message: "hi", Recipients: []string{"1"}})
		keep(err)
		if len(errs) != 6 {
			t.Fatalf("%s: %d errors, want 6: %v", method, len(errs), errs)
		}
		entries := logger.all()
		var texts []string
		for _, err := range errs {
			texts = append(texts, "error: "+err.Error())
		}
		for _, e := range entries {
			texts = append(texts, e.render())
		}
		for _, text := range texts {
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("%s: %q leaks %q", method, text, s)
				}
			}
		}

		// The logs are still useful.
		find := func(level, msg, action string) *logEntry {
			for i := range entries {
				if entries[i].level == level && entries[i].msg == msg && entries[i].fields["action"] == action {
					return &entries[i]
				}
			}
			return nil
		}
		if e := find("DEBUG", "Best SMS Gateway request", "send_sms"); e == nil || e.fields["method"] != method || e.fields["url"] != m.ts.URL+"/api_v1" {
			t.Errorf("%s: request entry %+v", method, e)
		}
		if e := find("TRACE", "Best SMS Gateway request fields", "send_sms"); e == nil || e.fields["fields"] != "message=hi&recipients=2348011112222" {
			t.Errorf("%s: fields entry %+v", method, e)
		}
		if e := find("DEBUG", "Best SMS Gateway response", "account_info"); e == nil || e.fields["status"] != 200 {
			t.Errorf("%s: response entry %+v", method, e)
		}
		if e := find("TRACE", "Best SMS Gateway response body", "account_info"); e == nil || !strings.Contains(fmt.Sprint(e.fields["body"]), `"sub_account":"***"`) ||
			!strings.Contains(fmt.Sprint(e.fields["body"]), `"balance":"`) {
			t.Errorf("%s: response body entry %+v", method, e)
		}
		if e := find("DEBUG", "retrying Best SMS Gateway request", "account_info"); e == nil || e.fields["attempt"] != 2 {
			t.Errorf("%s: retry entry %+v", method, e)
		}
	}
	if echo.count() == 0 {
		t.Fatal("the echo stub was not called")
	}
}
