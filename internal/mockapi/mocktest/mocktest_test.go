package mocktest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
)

// do sends a request (with the token when it is not empty) and returns the
// status and the body.
func do(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Basic "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(data)
}

func TestClock(t *testing.T) {
	c := mocktest.NewClock(mocktest.T0)
	if got := c.Now(); !got.Equal(time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC)) {
		t.Fatalf("Now = %s, want T0", got)
	}
	c.Advance(90 * time.Minute)
	c.Advance(-30 * time.Minute)
	if got := c.Now(); !got.Equal(mocktest.T0.Add(time.Hour)) {
		t.Errorf("after +90m and -30m Now = %s, want T0+1h", got)
	}
}

// Start serves the mock with its options and its clock, behind the
// middleware in order, and the recorder sees what the mock received and
// answered.
func TestStartAndRecorder(t *testing.T) {
	clock := mocktest.NewClock(mocktest.T0)
	var rec mocktest.Recorder
	var order []string
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	s := mocktest.Start(t, mockapi.Options{Tokens: []string{"tok"}, Now: clock.Now}, rec.Wrap, mark("outer"), mark("inner"))

	status, body := do(t, http.MethodPost, s.URL+"/api/v2.04/addressbook/group", "tok", `{"GroupName":"On Call"}`)
	if status != http.StatusOK || !strings.Contains(body, `"GroupCode":"On_Call"`) {
		t.Fatalf("create group: %d %s", status, body)
	}
	if g, ok := s.Group("On_Call"); !ok || !g.Created.Equal(mocktest.T0) {
		t.Errorf("stored group %+v (found %v), want one created at T0", g, ok)
	}
	if status, _ := do(t, http.MethodGet, s.URL+"/api/v2.04/addressbook/group/list?page=1", "", ""); status != http.StatusUnauthorized {
		t.Errorf("list without a token: %d", status)
	}

	reqs := rec.Requests()
	if len(reqs) != 2 {
		t.Fatalf("recorded %d requests, want 2", len(reqs))
	}
	if r := reqs[0]; r.Method != "POST" || r.Path != "/api/v2.04/addressbook/group" || string(r.Body) != `{"GroupName":"On Call"}` ||
		r.Header.Get("Authorization") != "Basic tok" || r.Status != http.StatusOK {
		t.Errorf("first request recorded as %+v", r)
	}
	if r := reqs[1]; r.Method != "GET" || r.Query != "page=1" || r.Status != http.StatusUnauthorized {
		t.Errorf("second request recorded as %+v", r)
	}
	if strings.Join(order, ",") != "outer,inner,outer,inner" {
		t.Errorf("middleware ran as %v, want outer before inner", order)
	}
	rec.Reset()
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("%d requests after Reset", n)
	}
}

// A handler that writes a body without a status answered 200.
func TestRecorderStatusDefaultsTo200(t *testing.T) {
	var rec mocktest.Recorder
	ts := mocktest.Serve(t, rec.Wrap(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, "no status written")
	})))
	if status, body := do(t, http.MethodGet, ts.URL, "", ""); status != http.StatusOK || body != "no status written" {
		t.Fatalf("GET: %d %q", status, body)
	}
	if got := rec.Requests(); len(got) != 1 || got[0].Status != http.StatusOK {
		t.Errorf("recorded %+v, want one request answered 200", got)
	}
}
