package provider_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/framework"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// configureWith configures a provider server with the given provider block
// (base_url and auth_token added unless set) and returns its diagnostics.
func configureWith(t *testing.T, block map[string]any) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	srv := provider.NewProtocol6Server(provider.New("test")())
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &acctest.ActionHarness{T: t, Schemas: schemas}
	full := map[string]any{"base_url": "http://127.0.0.1:9/api", "auth_token": acctest.Token}
	for k, v := range block {
		full[k] = v
	}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4", Config: h.Dynamic(schemas.Provider.ValueType(), full),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

// errorsAt lists "attribute: summary" of the error diagnostics, in order.
func errorsAt(diags []*tfprotov6.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError && d.Attribute != nil {
			out = append(out, d.Attribute.String()+": "+d.Summary)
		}
	}
	return out
}

// A value from the environment is checked by the same rules as the same
// value in the provider block (the argument's validators), reported on
// the argument and naming the variable, one diagnostic per argument, in
// schema order.
func TestConfigureChecksEnvironmentWithTheSchemaRules(t *testing.T) {
	t.Setenv(framework.EnvAPIVersion, "v3.01")
	t.Setenv(framework.EnvDefaultCountry, "XX")
	t.Setenv(framework.EnvMaxRetries, "11")
	t.Setenv(framework.EnvBulkRead, "maybe")
	t.Setenv(framework.EnvMaxRequests, "lots")
	t.Setenv(framework.EnvRequestTimeout, "500ms")
	diags := configureWith(t, nil)
	want := []string{
		`AttributeName("api_version"): Invalid Attribute Value Match`,
		`AttributeName("default_country"): Invalid Default Country`,
		`AttributeName("max_retries"): Invalid Attribute Value`,
		`AttributeName("bulk_read"): Invalid Bulk Read`,
		`AttributeName("max_requests_per_second"): Invalid Max Requests Per Second`,
		`AttributeName("request_timeout"): Invalid Request Timeout`,
	}
	if got := errorsAt(diags); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("errors:\n%s\nwant:\n%s\ndiagnostics:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"), acctest.DiagsText(diags))
	}
	text := acctest.DiagsText(diags)
	for _, s := range []string{
		`"v3.01" (from the provider block or BESTSMS_API_VERSION)`,
		`"11" (from the provider block or BESTSMS_MAX_RETRIES): Attribute max_retries value must be between 0 and 10`,
		`"maybe" (from the provider block or BESTSMS_BULK_READ) is not a boolean`,
		`"500ms" (from the provider block or BESTSMS_REQUEST_TIMEOUT)`,
	} {
		if !strings.Contains(text, s) {
			t.Errorf("diagnostics do not contain %q:\n%s", s, text)
		}
	}

	// The provider block wins over the environment.
	acctest.RequireNoErrorDiags(t, "configure with every argument set in the block", configureWith(t, map[string]any{
		"api_version": "v2.03", "default_country": "nz", "max_retries": 2, "bulk_read": false,
		"max_requests_per_second": 5, "request_timeout": "30s",
	}))
}

// Unknown arguments are reported one by one, in schema order, every time.
func TestConfigureReportsUnknownArgumentsInOrder(t *testing.T) {
	block := map[string]any{
		"auth_token": acctest.Unknown{}, "base_url": acctest.Unknown{}, "default_country": acctest.Unknown{}, "department": acctest.Unknown{},
		"request_timeout": acctest.Unknown{}, "max_retries": acctest.Unknown{},
	}
	want := `AttributeName("auth_token"): Unknown BestSMS Provider Configuration
AttributeName("base_url"): Unknown BestSMS Provider Configuration
AttributeName("default_country"): Unknown BestSMS Provider Configuration
AttributeName("max_retries"): Unknown BestSMS Provider Configuration
AttributeName("department"): Unknown BestSMS Provider Configuration
AttributeName("request_timeout"): Unknown BestSMS Provider Configuration`
	for range 5 {
		if got := strings.Join(errorsAt(configureWith(t, block)), "\n"); got != want {
			t.Fatalf("errors:\n%s\nwant:\n%s", got, want)
		}
	}
}

// A base URL the client cannot use is reported on base_url, from the
// client's own check.
func TestConfigureReportsAnUnusableBaseURL(t *testing.T) {
	t.Setenv(framework.EnvBaseURL, "ftp://example.com/api")
	diags := configureWith(t, map[string]any{"base_url": nil})
	if got := errorsAt(diags); len(got) != 1 || got[0] != `AttributeName("base_url"): Invalid BestSMS Base URL` {
		t.Fatalf("errors %v; diagnostics:\n%s", got, acctest.DiagsText(diags))
	}
}
