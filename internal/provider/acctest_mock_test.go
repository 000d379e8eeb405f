package provider

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
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
	var wraps []func(http.Handler) http.Handler
	if wrap != nil {
		wraps = append(wraps, wrap)
	}
	s := mocktest.Start(t, o, wraps...)
	return &testMock{Server: s.Server, URL: s.URL}
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
	rec   mocktest.Recorder
	match *regexp.Regexp
}

func (l *statusLog) middleware(match *regexp.Regexp) func(http.Handler) http.Handler {
	l.match = match
	return l.rec.Wrap
}

func (l *statusLog) statuses() []int {
	var out []int
	for _, r := range l.rec.Requests() {
		if l.match.MatchString(r.Method + " " + r.Path) {
			out = append(out, r.Status)
		}
	}
	return out
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}
