package provider_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
	"github.com/bestsms/terraform-provider-bestsms/internal/redact/redacttest"
)

// Hostile servers as a user meets them, through Terraform (issue 16): a
// gateway or API that echoes the credentials it received in every escaped
// form, a gateway URL that carries the password, a Retry-After beyond the
// time bound, a record with an odd value.

const (
	hostileGatewayPassword = `S3 cr3t/P@ss&"x<y>+z`
	hostileGatewaySub      = "042_hostile"
	hostileToken           = `eyJ0/ok+en@S3cr3t&x<y>.z`
)

// echoOfEveryForm is prefix followed by secret in every escaped form of
// redacttest.Forms, the first starting 3 bytes before the 200-byte cut of
// an error quote (so that the quote ends in "***…").
func echoOfEveryForm(prefix, secret string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString(strings.Repeat("x", 197-1-len(prefix)))
	for _, f := range redacttest.Forms {
		b.WriteString(" " + f.Enc(secret))
	}
	return b.String()
}

func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// failingStep applies config, which must fail, and returns the error
// Terraform showed (ErrorCheck keeps it and lets the test go on).
func failingStep(t *testing.T, config string) string {
	t.Helper()
	var shown string
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		ErrorCheck: func(err error) error {
			shown = err.Error()
			return nil
		},
		Steps: []resource.TestStep{{Config: config}},
	})
	if shown == "" {
		t.Fatal("the step did not fail")
	}
	return shown
}

// traceLog sends Terraform's and the provider's TRACE log to a file for
// the rest of the test and returns its path.
func traceLog(t *testing.T) string {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_LOG", "TRACE")
	return logPath
}

// checkNoLeak fails when text shows a run of any of secrets, in any form.
func checkNoLeak(t *testing.T, what, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if leak := redacttest.Leak(text, s); leak != "" {
			i := strings.Index(text, strings.Trim(leak[:strings.Index(leak, " (")], `"`))
			t.Errorf("%s shows %s; context: %q", what, leak, text[max(0, i-200):min(len(text), max(i, 0)+200)])
		}
	}
}

func readLog(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestAccGatewayProvider_echoedPasswordNeverShown: a gateway that echoes
// the password in every escaped form (the first across the cut of the
// error's quote) in its error message, and JSON-escaped in its body. The
// error and the TRACE log show none of it, nor six characters of it.
func TestAccGatewayProvider_echoedPasswordNeverShown(t *testing.T) {
	var echoed atomic.Int32
	stub := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		pass := r.Form.Get("sub_account_pass")
		echoed.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"error":%s,"error_code":"8","request":{"sub_account_pass":"%s"}}`,
			jsonText(echoOfEveryForm("bad request ", pass)), redacttest.Forms[7].Enc(pass))
	}))
	logPath := traceLog(t)
	t.Setenv(framework.EnvGatewayURL, stub.URL+"/api_v1")
	t.Setenv(framework.EnvGatewaySubAccount, hostileGatewaySub)
	t.Setenv(framework.EnvGatewayPassword, hostileGatewayPassword)
	shown := failingStep(t, "provider \"bestsms\" {\n  gateway {}\n}\ndata \"bestsms_gateway_account\" \"x\" {}\n")
	if echoed.Load() == 0 || !strings.Contains(shown, "Unable to Read Gateway Account") ||
		!regexp.MustCompile(`Gatewaymessage:badrequestx+\*\*\*…\(error_code8\)`).MatchString(strings.Join(strings.Fields(shown), "")) {
		t.Fatalf("the error is not the gateway's (%d requests): %s", echoed.Load(), shown)
	}
	checkNoLeak(t, "the error", shown, hostileGatewayPassword, hostileGatewaySub)
	log := readLog(t, logPath)
	if !strings.Contains(log, "Best SMS Gateway response body") {
		t.Fatal("the trace log lacks the gateway's answers: the test would not see a leak")
	}
	checkNoLeak(t, "the trace log", log, hostileGatewayPassword, hostileGatewaySub)
}

// TestAccProvider_echoedTokenNeverShown: the same for the REST API and its
// auth token.
func TestAccProvider_echoedTokenNeverShown(t *testing.T) {
	var echoed atomic.Int32
	stub := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
		echoed.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = fmt.Fprintf(w, `{"Result":"Failed","ErrorMessage":[%s,"token was %s"]}`,
			jsonText(echoOfEveryForm("Invalid token ", token)), redacttest.Forms[7].Enc(token))
	}))
	logPath := traceLog(t)
	t.Setenv(framework.EnvAuthToken, hostileToken)
	shown := failingStep(t, fmt.Sprintf("provider \"bestsms\" {\n  base_url = %q\n}\n", stub.URL+"/api")+`
data "bestsms_contact" "x" {
  id = "00000000-0000-4000-8000-000000000001"
}
`)
	if echoed.Load() == 0 || !regexp.MustCompile(`Invalidtokenx+\*\*\*…tokenwas\*\*\*`).MatchString(strings.Join(strings.Fields(shown), "")) {
		t.Fatalf("the error is not the API's (%d requests): %s", echoed.Load(), shown)
	}
	checkNoLeak(t, "the error", shown, hostileToken)
	log := readLog(t, logPath)
	if !strings.Contains(log, "BestSMS API response body") {
		t.Fatal("the trace log lacks the API's answers: the test would not see a leak")
	}
	checkNoLeak(t, "the trace log", log, hostileToken)
}

// TestAccGatewayProvider_urlWithPasswordNeverShown: a gateway URL in the
// shape the vendor documents for GET (credentials in the query), or with
// user information, is refused without being shown.
func TestAccGatewayProvider_urlWithPasswordNeverShown(t *testing.T) {
	for _, u := range []string{
		"http://127.0.0.1:9/api_v1?sub_account=" + hostileGatewaySub + "&sub_account_pass=S3+cr3t%2FP%40ss%26%22x%3Cy%3E%2Bz",
		"http://" + hostileGatewaySub + ":S3%20cr3t%2FP%40ss@127.0.0.1:9/api_v1",
	} {
		t.Setenv(framework.EnvGatewayURL, u) // from the environment: Terraform quotes configuration lines in errors
		t.Setenv(framework.EnvGatewaySubAccount, hostileGatewaySub)
		t.Setenv(framework.EnvGatewayPassword, hostileGatewayPassword)
		shown := failingStep(t, "provider \"bestsms\" {\n  gateway {}\n}\ndata \"bestsms_gateway_account\" \"x\" {}\n")
		if !strings.Contains(shown, "Invalid Best SMS Gateway URL") || !strings.Contains(shown, "127.0.0.1:9/api_v1") {
			t.Fatalf("%s: error %q, want the URL refused", u, shown)
		}
		checkNoLeak(t, "the error", shown, hostileGatewayPassword, hostileGatewaySub)
	}
}

// TestAccGatewayProvider_retryAfterBeyondTheBound: a 429 asking to retry
// after 30 s, with request_timeout = "3s", fails at once, saying why,
// instead of stretching the read to minutes.
func TestAccGatewayProvider_retryAfterBeyondTheBound(t *testing.T) {
	var requests atomic.Int32
	stub := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	acctest.SetGatewayEnv(t, nil)
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "bestsms" {
  request_timeout = "3s"
  max_retries     = 4
  gateway {
    url         = %q
    sub_account = "001_mysub1"
    password    = "pw"
  }
}
data "bestsms_gateway_account" "x" {}
`, stub.URL+"/api_v1"),
			ExpectError: regexp.MustCompile(`(?s)HTTP 429.*asked\s+to\s+retry\s+after\s+30s,\s+more\s+than.*gives\s+up\s+within\s+twice\s+the\s+request\s+timeout\s+\(3s\)`),
		}},
	})
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: the Retry-After does not fit, so nothing is retried", n)
	}
}

// TestAccGatewayMessages_oddValueKeepsTheRest: one record whose units are
// "1.5" (and one whose status is unreadable) no longer fails the whole
// read: those attributes are null, everything else is read.
func TestAccGatewayMessages_oddValueKeepsTheRest(t *testing.T) {
	stub := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"total":3,"totalpages":1,"records":[`+
			`{"sms_id":"3","batch_id":"b","recipient":"2348011112222","message":"one","status":"2","units":"1.5"},`+
			`{"sms_id":"2","batch_id":"b","recipient":"2348011112223","message":"two","status":"?","status_msg":"","units":"1"},`+
			`{"sms_id":"1","batch_id":"b","recipient":"2348011112224","message":"three","status":"1","units":"2"}]}`)
	}))
	acctest.SetGatewayEnv(t, nil)
	msgs := "data.bestsms_gateway_messages.x"
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"bestsms\" {\n  gateway {\n    url = %q\n    sub_account = \"001_mysub1\"\n    password = \"pw\"\n  }\n}\n",
				stub.URL+"/api_v1") + `data "bestsms_gateway_messages" "x" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(0).AtMapKey("units"), knownvalue.Null()),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(0).AtMapKey("status"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(0).AtMapKey("message"), knownvalue.StringExact("one")),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(1).AtMapKey("status"), knownvalue.Null()),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(1).AtMapKey("status_name"), knownvalue.StringExact("UNREADABLE")),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(1).AtMapKey("units"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("messages").AtSliceIndex(2).AtMapKey("units"), knownvalue.Int64Exact(2)),
				statecheck.ExpectKnownValue(msgs, tfjsonpath.New("status_counts"), knownvalue.MapExact(map[string]knownvalue.Check{
					"DELIVERED": knownvalue.Int64Exact(1), "UNREADABLE": knownvalue.Int64Exact(1), "SENT": knownvalue.Int64Exact(1),
				})),
			},
		}},
	})
}

// A REST base_url over plain http to another machine is a warning, as the
// gateway's is: the token travels in every request. Loopback (the mock) and
// https are not.
func TestConfigure_plainHTTPBaseURLWarns(t *testing.T) {
	diags := configureDiags(t, "http://api.bestsms.example/api")
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		diags[0].Summary != "BestSMS Auth Token Sent Unencrypted" || diags[0].Attribute.String() != `AttributeName("base_url")` ||
		!strings.Contains(diags[0].Detail, "http://api.bestsms.example/api is plain http") {
		t.Errorf("want one warning on base_url, got:\n%s", acctest.DiagsText(diags))
	}
	for _, quiet := range []string{"https://api.bestsms.example/api", "http://localhost:8089/api", "http://[::1]:8089/api"} {
		if diags := configureDiags(t, quiet); len(diags) != 0 {
			t.Errorf("%s: %s", quiet, acctest.DiagsText(diags))
		}
	}
}

// A base_url the client refuses (here a dot segment, which servers resolve
// as another path) is reported with the client's reason, and without the
// credentials a URL may carry in its user information or query.
func TestConfigure_unusableBaseURLNeverShowsCredentials(t *testing.T) {
	diags := configureWith(t, map[string]any{"base_url": "https://me:" + acctest.Token + "@api.example/x/../api?token=" + acctest.Token})
	text := acctest.DiagsText(diags)
	if got := errorsAt(diags); len(got) != 1 || got[0] != `AttributeName("base_url"): Invalid BestSMS Base URL` ||
		!strings.Contains(text, "dot segment") || !strings.Contains(text, "https://api.example/x/../api") {
		t.Fatalf("diagnostics:\n%s", text)
	}
	checkNoLeak(t, "the diagnostic", text, acctest.Token)
}
