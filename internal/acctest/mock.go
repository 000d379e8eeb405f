package acctest

import (
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/client"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// Token is the auth token every test mock accepts.
const Token = "test-token-5f1c9a"

// ProviderFactories serves the provider in-process.
var ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"bestsms": func() (tfprotov6.ProviderServer, error) {
		return provider.NewProtocol6Server(provider.New("test")()), nil
	},
}

// Mock is one mock BestSMS API per test.
type Mock struct {
	*mockapi.Server
	URL string // root URL, without /api
	// APIVersion is the api_version ProviderConfig sets ("" for the
	// provider's default); APIVersion.NewMock sets it.
	APIVersion string
}

// NewMock starts a mock API on httptest for the duration of the test.
func NewMock(t *testing.T, opts ...func(*mockapi.Options)) *Mock {
	t.Helper()
	return NewMockWrapped(t, nil, opts...)
}

// NewMockWrapped is NewMock with middleware in front of the mock
// (nil for none), for behaviour the mock's fault injection does not offer.
func NewMockWrapped(t *testing.T, wrap func(http.Handler) http.Handler, opts ...func(*mockapi.Options)) *Mock {
	t.Helper()
	o := mockapi.Options{Tokens: []string{Token}}
	for _, f := range opts {
		f(&o)
	}
	var wraps []func(http.Handler) http.Handler
	if wrap != nil {
		wraps = append(wraps, wrap)
	}
	s := mocktest.Start(t, o, wraps...)
	return &Mock{Server: s.Server, URL: s.URL}
}

// ProviderConfig is a provider block pointing at the mock (ProviderBlock),
// with the mock's APIVersion when set, after the terraform block declaring
// the provider's source (RequiredProviders); extra goes inside the
// provider block.
func (m *Mock) ProviderConfig(extra ...string) string {
	return RequiredProviders() + m.ProviderBlock(extra...)
}

// ProviderBlock is the provider block of ProviderConfig alone, for a
// configuration that declares the provider's source itself (a test that
// runs the CLI on a dev_overrides build declares bestsms/bestsms).
func (m *Mock) ProviderBlock(extra ...string) string {
	cfg := fmt.Sprintf("provider \"bestsms\" {\n  base_url   = %q\n  auth_token = %q\n", m.URL+"/api", Token)
	if m.APIVersion != "" {
		cfg += fmt.Sprintf("  api_version = %q\n", m.APIVersion)
	}
	for _, e := range extra {
		cfg += "  " + e + "\n"
	}
	return cfg + "}\n"
}

// PreCheck fails clearly when acceptance tests cannot run: no CLI, or
// OpenTofu with a TF_CLI_CONFIG_FILE that does not exist (it says so on
// standard output, where terraform-plugin-testing reads the version).
func PreCheck(t *testing.T) {
	t.Helper()
	cli := MustDetectCLI(t)
	if rc := os.Getenv("TF_CLI_CONFIG_FILE"); cli.OpenTofu && rc != "" {
		if _, err := os.Stat(rc); err != nil {
			t.Fatalf("TF_CLI_CONFIG_FILE=%s does not exist, and OpenTofu then warns on standard output, which "+
				"terraform-plugin-testing cannot parse: create the file (empty is fine) or unset the variable", rc)
		}
	}
}

// StatusLog records the HTTP status of the requests whose "METHOD path"
// matches a pattern, for assertions after Terraform has destroyed
// everything.
type StatusLog struct {
	rec   mocktest.Recorder
	match *regexp.Regexp
}

func (l *StatusLog) Middleware(match *regexp.Regexp) func(http.Handler) http.Handler {
	l.match = match
	return l.rec.Wrap
}

func (l *StatusLog) Statuses() []int {
	var out []int
	for _, r := range l.rec.Requests() {
		if l.match.MatchString(r.Method + " " + r.Path) {
			out = append(out, r.Status)
		}
	}
	return out
}

func SortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	slices.Sort(out)
	return out
}

// Calls counts the requests the mock routed to key, "METHOD pattern" as
// mockapi.Stats names the v2 routes ("DELETE addressbook/group/{group}"),
// whatever the version: v3.00's routes are counted under their own key
// ("DELETE v3.00/addressbook/group/{group}"), added here.
func (m *Mock) Calls(key string) int {
	method, pattern, _ := strings.Cut(key, " ")
	routes := m.Stats().Routes
	return routes[key] + routes[method+" "+client.APIVersion300+"/"+pattern]
}

// CapPageSize is middleware that makes the mock behave like a server that
// serves at most n records per page whatever the client asks for.
func CapPageSize(n int) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Has("recordsPerPage") {
				q.Set("recordsPerPage", strconv.Itoa(n))
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
}
