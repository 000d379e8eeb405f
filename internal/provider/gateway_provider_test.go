package provider

import (
	"fmt"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// A configuration with only an empty gateway block (credentials from the
// environment) and gateway kinds needs no REST token; a REST resource in
// it fails naming auth_token.
func TestAccGatewayProvider_noRESTToken(t *testing.T) {
	mock := newTestMock(t)
	t.Setenv(envAuthToken, "")
	setGatewayEnv(t, mock)
	gatewayOnly := `
provider "bestsms" {
  default_country = "NG"
  gateway {}
}
resource "bestsms_gateway_contact" "ada" {
  phone      = "08086689567"
  first_name = "Ada"
}
resource "bestsms_gateway_group_contacts" "oncall" {
  group_name = "on-call"
  phones     = ["08086689568"]
}
data "bestsms_gateway_account" "this" {}
`
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             mock.checkNoGatewayContacts,
		Steps: []resource.TestStep{
			{
				Config: gatewayOnly,
				Check: resource.ComposeTestCheckFunc(
					expectGroup(mock, "default", "2348086689567 Ada"),
					expectGroup(mock, "on-call", "2348086689568"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("default_dial_code"), knownvalue.StringExact("234")),
				},
			},
			{
				Config:      gatewayOnly + `resource "bestsms_contact" "x" { attention = "X" }`,
				ExpectError: wrapped("Missing BestSMS Auth Token", "set auth_token in the provider block or the BESTSMS_AUTH_TOKEN"),
			},
			{
				Config:      gatewayOnly + `data "bestsms_groups" "all" {}`,
				ExpectError: wrapped("Missing BestSMS Auth Token", "auth_token"),
			},
			{
				Config: gatewayOnly,
			},
		},
	})
	for route := range mock.Stats().Routes {
		if !strings.Contains(route, "api_v1/") {
			t.Errorf("the REST API was called (%s) by a configuration without a token", route)
		}
	}
}

// Without gateway credentials, a gateway kind names the gateway block and
// its environment variables; the REST kinds work as before.
func TestAccGatewayProvider_missingCredentials(t *testing.T) {
	mock := newTestMock(t)
	setGatewayEnv(t, nil)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.providerConfig() + `resource "bestsms_gateway_contact" "x" { phone = "+61421000001" }`,
				ExpectError: wrapped("Missing Best SMS Gateway Credentials", "bestsms_gateway_contact uses the legacy",
					"no gateway block, and BESTSMS_GATEWAY_SUB_ACCOUNT and BESTSMS_GATEWAY_PASSWORD are not set", "Add a gateway block"),
			},
			{
				PreConfig:   func() { t.Setenv(envGatewaySubAccount, "001_mysub1") },
				Config:      mock.providerConfig() + `data "bestsms_gateway_account" "x" {}`,
				ExpectError: wrapped("Missing Best SMS Gateway Credentials", "bestsms_gateway_account", "BESTSMS_GATEWAY_SUB_ACCOUNT is set, but BESTSMS_GATEWAY_PASSWORD is not"),
			},
			{
				// An explicit but incomplete block is a provider error.
				Config: fmt.Sprintf(`provider "bestsms" {
  base_url   = %q
  auth_token = %q
  gateway {
    url = %q
  }
}
resource "bestsms_contact" "x" { attention = "X" }
`, mock.URL+"/api", testToken, mock.URL+"/api_v1"),
				PreConfig:   func() { t.Setenv(envGatewaySubAccount, "") },
				ExpectError: regexp.MustCompile(`(?s)Missing Best SMS Gateway Sub-Account`),
			},
		},
	})
	if n := mock.Stats().Routes["POST addressbook/contact"]; n != 0 {
		t.Errorf("a configuration with an incomplete gateway block created %d contacts", n)
	}
}

func TestGatewayProvider_configure(t *testing.T) {
	setGatewayEnv(t, nil)
	t.Setenv(envAuthToken, "")
	block := func(url string) map[string]any {
		return map[string]any{"gateway": map[string]any{"url": url, "sub_account": "001_mysub1", "password": "s3cret"}}
	}
	const insecure = "Best SMS Gateway Password Sent Unencrypted"
	for _, tc := range []struct {
		args     map[string]any
		want     string // a diagnostic's summary, "" for none
		wantPath string
	}{
		{args: block("http://gateway.example.com/api_v1"), want: insecure, wantPath: `AttributeName("gateway").AttributeName("url")`},
		{args: map[string]any{"gateway": map[string]any{"sub_account": "001_mysub1", "password": "s3cret"}}, want: insecure}, // the documented default
		{args: block("http://127.0.0.1:8089/api_v1")},
		{args: block("http://[::1]:8089/api_v1")},
		{args: block("http://localhost:8089/api_v1")},
		{args: block("https://gateway.example.com/api_v1")},
		{args: map[string]any{"auth_token": nil}}, // neither REST nor gateway: each kind says what it misses
		{args: block("ftp://gateway.example.com/api_v1"), want: "Invalid Best SMS Gateway URL", wantPath: `AttributeName("gateway").AttributeName("url")`},
		{args: block("https://user:pw@gateway.example.com/api_v1"), want: "Invalid Best SMS Gateway URL"},
		{args: map[string]any{"gateway": map[string]any{"sub_account": "001_mysub1"}}, want: "Missing Best SMS Gateway Password",
			wantPath: `AttributeName("gateway").AttributeName("password")`},
		{args: map[string]any{"gateway": map[string]any{"password": unknown{}, "sub_account": "x"}}, want: "Unknown BestSMS Provider Configuration",
			wantPath: `AttributeName("gateway").AttributeName("password")`},
	} {
		diags := configureWith(t, tc.args)
		text := diagsText(diags)
		if tc.want == "" {
			if len(diags) != 0 {
				t.Errorf("%v: unexpected diagnostics:\n%s", tc.args, text)
			}
			continue
		}
		if !strings.Contains(text, tc.want) || (tc.wantPath != "" && !strings.Contains(text, "(at "+tc.wantPath+")")) {
			t.Errorf("%v: diagnostics\n%s\nwant %q at %s", tc.args, text, tc.want, tc.wantPath)
		}
		if strings.Contains(text, "s3cret") {
			t.Errorf("%v: a diagnostic shows the password:\n%s", tc.args, text)
		}
	}
}

// request_timeout bounds each gateway request too: the mock answers after
// 3 s, the timeout is 1 s.
func TestAccGatewayProvider_requestTimeout(t *testing.T) {
	mock := newTestMockWrapped(t, onGatewayAction("account_info", func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	}))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      mock.gatewayProviderConfig(`request_timeout = "1s"`, `max_retries = 0`) + `data "bestsms_gateway_account" "x" {}`,
			ExpectError: regexp.MustCompile(`(?s)Unable to Read Gateway Account.*(Client.Timeout exceeded|deadline exceeded)`),
		}},
	})
}

// TestAccGatewayProvider_passwordNeverLogged applies with TF_LOG=TRACE and
// checks that the log holds the gateway traffic but never the password or
// the sub-account name.
func TestAccGatewayProvider_passwordNeverLogged(t *testing.T) {
	mock := newTestMock(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	setGatewayEnv(t, mock) // credentials from the environment: the harness logs the configuration text
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
provider "bestsms" {
  gateway {}
}
resource "bestsms_gateway_contact" "x" {
  phone = "+61421000077"
}
data "bestsms_gateway_account" "x" {}
`,
		}},
	})
	checkTraceLog(t, logPath, []string{"Best SMS Gateway request", "save_contacts", "Best SMS Gateway response body"},
		mockapi.DefaultGatewayPassword, mockapi.DefaultGatewaySubAccount)
}
