package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// testToken is the auth token every test mock accepts.
const testToken = "test-token-5f1c9a"

// testAccProtoV6ProviderFactories serves the provider in-process.
var testAccProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"bestsms": func() (tfprotov6.ProviderServer, error) { return NewProtocol6Server(New("test")()), nil },
}

// testMock is one mock BestSMS API per test.
type testMock struct {
	*mockapi.Server
	URL string // root URL, without /api
}

// newTestMock starts a mock API on httptest for the duration of the test.
func newTestMock(t *testing.T, opts ...func(*mockapi.Options)) *testMock {
	t.Helper()
	return newTestMockWrapped(t, nil, opts...)
}

// newTestMockWrapped is newTestMock with middleware in front of the mock
// (nil for none), for behaviour the mock's fault injection does not offer.
func newTestMockWrapped(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*mockapi.Options)) *testMock {
	t.Helper()
	o := mockapi.Options{Tokens: []string{testToken}}
	for _, f := range opts {
		f(&o)
	}
	srv, err := mockapi.New(o)
	if err != nil {
		t.Fatalf("starting mock: %v", err)
	}
	var h http.Handler = srv
	if wrap != nil {
		h = wrap(srv)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(func() {
		hs.Close()
		_ = srv.Close()
	})
	return &testMock{Server: srv, URL: hs.URL}
}

// providerConfig is a provider block pointing at the mock; extra goes
// inside the block.
func (m *testMock) providerConfig(extra ...string) string {
	cfg := fmt.Sprintf("provider \"bestsms\" {\n  base_url   = %q\n  auth_token = %q\n", m.URL+"/api", testToken)
	for _, e := range extra {
		cfg += "  " + e + "\n"
	}
	return cfg + "}\n"
}

// testAccPreCheck fails clearly when acceptance tests cannot run.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("terraform"); err != nil && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("acceptance tests need the terraform CLI on PATH (or TF_ACC_TERRAFORM_PATH)")
	}
}

// statusLog records the HTTP status of the requests whose "METHOD path"
// matches a pattern, for assertions after Terraform has destroyed
// everything.
type statusLog struct {
	mu   sync.Mutex
	seen []int
}

func (l *statusLog) middleware(match *regexp.Regexp) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !match.MatchString(r.Method + " " + r.URL.Path) {
				next.ServeHTTP(w, r)
				return
			}
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			l.mu.Lock()
			l.seen = append(l.seen, sw.status)
			l.mu.Unlock()
		})
	}
}

func (l *statusLog) statuses() []int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int(nil), l.seen...)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}
