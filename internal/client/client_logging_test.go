package client

import (
	"context"
	"fmt"
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

// recordingLogger keeps every entry the client logs.
type recordingLogger struct {
	mu      sync.Mutex
	entries []logEntry
}

func (l *recordingLogger) add(level, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	cp := make(map[string]any, len(fields))
	for k, v := range fields {
		cp[k] = v
	}
	l.entries = append(l.entries, logEntry{level, msg, cp})
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

// render prints an entry the way a structured logger would see it.
func (e logEntry) render() string {
	keys := make([]string, 0, len(e.fields))
	for k := range e.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", e.level, e.msg)
	for _, k := range keys {
		v := e.fields[k]
		if bs, ok := v.([]byte); ok {
			v = string(bs)
		}
		fmt.Fprintf(&b, " %s=%v", k, v)
	}
	return b.String()
}

func TestLogging(t *testing.T) {
	m := newMock(t, mockapi.Options{})
	logger := &recordingLogger{}
	c := m.client(t, func(cfg *Config) { cfg.Logger = logger })
	ctx := context.Background()

	created, err := c.CreateContact(ctx, Contact{FirstName: "Jane", MobilePhone: "+61421000001"})
	if err != nil {
		t.Fatalf("CreateContact: %v", err)
	}
	// One GET through an injected 500, to log a retry.
	m.srv.SetFaults(mockapi.Faults{Rate: 1, Statuses: []int{500}, Methods: []string{"GET"}})
	_, err = c.GetContact(ctx, created.ID)
	if ae := apiErr(t, err); ae.StatusCode != 500 {
		t.Fatalf("GetContact: %v", err)
	}
	// And one 401, whose body says "Unauthorized".
	bad := newTestClient(t, m.baseURL(), func(cfg *Config) { cfg.AuthToken = "other-" + testToken; cfg.Logger = logger })
	if _, err := bad.ListContacts(ctx); !IsUnauthorized(err) {
		t.Fatalf("ListContacts with a bad token: %v", err)
	}

	entries := logger.all()
	find := func(level, msg string, match func(map[string]any) bool) *logEntry {
		for i := range entries {
			if entries[i].level == level && entries[i].msg == msg && match(entries[i].fields) {
				return &entries[i]
			}
		}
		return nil
	}
	is := func(k string, v any) func(map[string]any) bool {
		return func(f map[string]any) bool { return f[k] == v }
	}

	if e := find("DEBUG", "BestSMS API request", is("route", "addressbook/contact")); e == nil ||
		e.fields["method"] != "POST" || e.fields["path"] != "/api/v2.04/addressbook/contact" {
		t.Errorf("no POST request entry: %+v", e)
	}
	e := find("TRACE", "BestSMS API request body", is("route", "addressbook/contact"))
	if e == nil {
		t.Fatalf("no request body entry in %+v", entries)
	}
	if body, ok := e.fields["body"].(string); !ok || body != `{"FirstName":"Jane","MobilePhone":"+61421000001"}` {
		t.Errorf("request body field = %#v, want the JSON text as a string", e.fields["body"])
	}
	if e := find("DEBUG", "BestSMS API response", is("route", "addressbook/contact")); e == nil ||
		e.fields["status"] != 200 || e.fields["method"] != "POST" {
		t.Errorf("no POST response entry: %+v", e)
	}
	if e := find("TRACE", "BestSMS API response body", is("route", "addressbook/contact")); e == nil {
		t.Errorf("no response body entry")
	} else if body, ok := e.fields["body"].(string); !ok || !strings.Contains(body, created.ID) {
		t.Errorf("response body field = %#v, want the JSON text as a string", e.fields["body"])
	}
	if e := find("DEBUG", "BestSMS API response", is("route", "addressbook/contact/{id}")); e == nil || e.fields["status"] != 500 {
		t.Errorf("no 500 response entry: %+v", e)
	}
	for _, attempt := range []int{2, 3} {
		if find("DEBUG", "retrying BestSMS API request", is("attempt", attempt)) == nil {
			t.Errorf("no retry entry for attempt %d", attempt)
		}
	}
	if e := find("DEBUG", "BestSMS API request", is("route", "addressbook/contact/list")); e == nil || e.fields["query"] != fmt.Sprintf("page=1&recordsPerPage=%d", AddressBookPageSize) {
		t.Errorf("list request entry = %+v", e)
	}

	for _, e := range entries {
		s := e.render()
		if strings.Contains(s, testToken) {
			t.Errorf("log entry contains the auth token: %s", s)
		}
		if strings.Contains(strings.ToLower(s), "authorization") {
			t.Errorf("log entry mentions Authorization: %s", s)
		}
	}
}
