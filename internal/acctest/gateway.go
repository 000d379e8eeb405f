package acctest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	gatewayapi "github.com/bestsms/terraform-provider-bestsms/internal/gateway"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// Helpers of the bestsms_gateway_* tests: each test's mock serves api_v1 at
// /api_v1 with the mock's default sub-account (dial code 234, offset +1).

// GatewayProviderConfig is a provider block with only a gateway block
// pointing at the mock: no REST auth_token, after the terraform block
// declaring the provider's source. extra goes inside the provider block.
func (m *Mock) GatewayProviderConfig(extra ...string) string {
	return RequiredProviders() + m.GatewayProviderBlock(extra...)
}

// GatewayProviderBlock is the provider block of GatewayProviderConfig alone,
// for a configuration that declares the provider's source itself.
func (m *Mock) GatewayProviderBlock(extra ...string) string {
	cfg := fmt.Sprintf("provider \"bestsms\" {\n  gateway {\n    url         = %q\n    sub_account = %q\n    password    = %q\n  }\n",
		m.URL+"/api_v1", mockapi.DefaultGatewaySubAccount, mockapi.DefaultGatewayPassword)
	for _, e := range extra {
		cfg += "  " + e + "\n"
	}
	return cfg + "}\n"
}

// GatewayArgs are the gateway block's arguments for the protocol harness.
func (m *Mock) GatewayArgs() map[string]any {
	return map[string]any{"gateway": map[string]any{
		"url": m.URL + "/api_v1", "sub_account": mockapi.DefaultGatewaySubAccount, "password": mockapi.DefaultGatewayPassword,
	}}
}

// gatewayClient is a gateway client of the mock, for setting up records
// through the wire as a user would.
func (m *Mock) gatewayClient(t *testing.T) *gatewayapi.Client {
	t.Helper()
	c, err := gatewayapi.New(gatewayapi.Config{URL: m.URL + "/api_v1", SubAccount: mockapi.DefaultGatewaySubAccount,
		Password: mockapi.DefaultGatewayPassword})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// GatewaySend sends through the mock's api_v1 and returns the batch id.
func (m *Mock) GatewaySend(t *testing.T, req gatewayapi.SendRequest) string {
	t.Helper()
	res, err := m.gatewayClient(t).SendSMS(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	return res.BatchID
}

// GatewayGroup lists "phone first last" of the mock's contacts in group,
// sorted.
func GatewayGroup(m *Mock, group string) []string {
	var out []string
	for _, c := range m.GatewayContacts() {
		if c.GroupName == group {
			out = append(out, strings.TrimSpace(c.Phone+" "+c.FirstName+" "+c.LastName))
		}
	}
	slices.Sort(out)
	return out
}

// GatewayBatch returns the mock's records of a batch, oldest first.
func GatewayBatch(m *Mock, batch string) []mockapi.GatewaySMS {
	var out []mockapi.GatewaySMS
	for _, s := range m.GatewaySMS() {
		if s.BatchID == batch {
			out = append(out, s)
		}
	}
	return out
}

// GatewayBatches lists the distinct batch ids the mock holds, in order.
func GatewayBatches(m *Mock) []string {
	var out []string
	for _, s := range m.GatewaySMS() {
		if !slices.Contains(out, s.BatchID) {
			out = append(out, s.BatchID)
		}
	}
	return out
}

// OnGatewayAction wraps the mock so that each api_v1 request whose action
// is action goes through fn instead, which may call next (the mock) and
// change or replace the answer. The request body is readable again by
// next.
func OnGatewayAction(action string, fn func(w http.ResponseWriter, r *http.Request, next http.Handler)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasPrefix(r.URL.Path, "/api_v1") {
				next.ServeHTTP(w, r)
				return
			}
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			form, _ := url.ParseQuery(string(body))
			if form.Get("action") == "" {
				form = r.URL.Query()
			}
			if form.Get("action") != action {
				next.ServeHTTP(w, r)
				return
			}
			fn(w, r, next)
		})
	}
}

// discardWriter is a ResponseWriter that drops what the mock answers.
type discardWriter struct{ header http.Header }

func (d *discardWriter) Header() http.Header {
	if d.header == nil {
		d.header = http.Header{}
	}
	return d.header
}
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

// ActThenFail lets the mock carry a request out, then answers HTTP 502, as
// a proxy in front of a gateway that acted would: the outcome is unknown.
func ActThenFail(w http.ResponseWriter, r *http.Request, next http.Handler) {
	next.ServeHTTP(&discardWriter{}, r)
	http.Error(w, "bad gateway", http.StatusBadGateway)
}

func (m *Mock) CheckNoGatewayContacts(*terraform.State) error {
	if cs := m.GatewayContacts(); len(cs) != 0 {
		return fmt.Errorf("mock still holds %d gateway contacts after destroy: %+v", len(cs), cs)
	}
	return nil
}

// ExpectGroup checks the numbers of a mock group.
func ExpectGroup(m *Mock, group string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := GatewayGroup(m, group)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			return fmt.Errorf("group %q holds %q, want %q", group, got, want)
		}
		return nil
	}
}

// SetGatewayEnv points the gateway environment variables at the mock (or
// clears them with an empty mock URL).
func SetGatewayEnv(t *testing.T, m *Mock) {
	t.Helper()
	if m == nil {
		t.Setenv(framework.EnvGatewayURL, "")
		t.Setenv(framework.EnvGatewaySubAccount, "")
		t.Setenv(framework.EnvGatewayPassword, "")
		return
	}
	t.Setenv(framework.EnvGatewayURL, m.URL+"/api_v1")
	t.Setenv(framework.EnvGatewaySubAccount, mockapi.DefaultGatewaySubAccount)
	t.Setenv(framework.EnvGatewayPassword, mockapi.DefaultGatewayPassword)
}
