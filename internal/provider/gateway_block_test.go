package provider_test

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

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// A configuration with only an empty gateway block (credentials from the
// environment) and gateway kinds needs no REST token; a REST resource in
// it fails naming auth_token.
func TestAccGatewayProvider_noRESTToken(t *testing.T) {
	mock := acctest.NewMock(t)
	t.Setenv(framework.EnvAuthToken, "")
	acctest.SetGatewayEnv(t, mock)
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
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoGatewayContacts,
		Steps: []resource.TestStep{
			{
				Config: gatewayOnly,
				Check: resource.ComposeTestCheckFunc(
					acctest.ExpectGroup(mock, "default", "2348086689567 Ada"),
					acctest.ExpectGroup(mock, "on-call", "2348086689568"),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.bestsms_gateway_account.this", tfjsonpath.New("default_dial_code"), knownvalue.StringExact("234")),
				},
			},
			{
				Config:      gatewayOnly + `resource "bestsms_contact" "x" { attention = "X" }`,
				ExpectError: acctest.Wrapped("Missing BestSMS Auth Token", "set auth_token in the provider block or the BESTSMS_AUTH_TOKEN"),
			},
			{
				Config:      gatewayOnly + `data "bestsms_groups" "all" {}`,
				ExpectError: acctest.Wrapped("Missing BestSMS Auth Token", "auth_token"),
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
	mock := acctest.NewMock(t)
	acctest.SetGatewayEnv(t, nil)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: mock.ProviderConfig() + `resource "bestsms_gateway_contact" "x" { phone = "+61421000001" }`,
				ExpectError: acctest.Wrapped("Missing Best SMS Gateway Credentials", "bestsms_gateway_contact uses the legacy",
					"no gateway block, and BESTSMS_GATEWAY_SUB_ACCOUNT and BESTSMS_GATEWAY_PASSWORD are not set", "Add a gateway block"),
			},
			{
				PreConfig:   func() { t.Setenv(framework.EnvGatewaySubAccount, "001_mysub1") },
				Config:      mock.ProviderConfig() + `data "bestsms_gateway_account" "x" {}`,
				ExpectError: acctest.Wrapped("Missing Best SMS Gateway Credentials", "bestsms_gateway_account", "BESTSMS_GATEWAY_SUB_ACCOUNT is set, but BESTSMS_GATEWAY_PASSWORD is not"),
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
`, mock.URL+"/api", acctest.Token, mock.URL+"/api_v1"),
				PreConfig:   func() { t.Setenv(framework.EnvGatewaySubAccount, "") },
				ExpectError: regexp.MustCompile(`(?s)Missing Best SMS Gateway Sub-Account`),
			},
		},
	})
	if n := mock.Stats().Routes["POST addressbook/contact"]; n != 0 {
		t.Errorf("a configuration with an incomplete gateway block created %d contacts", n)
	}
}

func TestGatewayProvider_configure(t *testing.T) {
	acctest.SetGatewayEnv(t, nil)
	t.Setenv(framework.EnvAuthToken, "")
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
		{args: map[string]any{"gateway": map[string]any{"password": acctest.Unknown{}, "sub_account": "x"}}, want: "Unknown BestSMS Provider Configuration",
			wantPath: `AttributeName("gateway").AttributeName("password")`},
	} {
		diags := configureWith(t, tc.args)
		text := acctest.DiagsText(diags)
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
	mock := acctest.NewMockWrapped(t, acctest.OnGatewayAction("account_info", func(w http.ResponseWriter, r *http.Request, next http.Handler) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
			return
		}
		next.ServeHTTP(w, r)
	}))
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      mock.GatewayProviderConfig(`request_timeout = "1s"`, `max_retries = 0`) + `data "bestsms_gateway_account" "x" {}`,
			ExpectError: regexp.MustCompile(`(?s)Unable to Read Gateway Account.*(Client.Timeout exceeded|deadline exceeded)`),
		}},
	})
}

// TestAccGatewayProvider_passwordNeverLogged applies with TF_LOG=TRACE and
// checks that the log holds the gateway traffic but never the password or
// the sub-account name.
func TestAccGatewayProvider_passwordNeverLogged(t *testing.T) {
	mock := acctest.NewMock(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	acctest.SetGatewayEnv(t, mock) // credentials from the environment: the harness logs the configuration text
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
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
	acctest.CheckTraceLog(t, logPath, []string{"Best SMS Gateway request", "save_contacts", "Best SMS Gateway response body"},
		mockapi.DefaultGatewayPassword, mockapi.DefaultGatewaySubAccount)
}
