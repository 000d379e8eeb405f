package provider_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi/mocktest"
	"github.com/bestsms/terraform-provider-bestsms/internal/provider"
)

// A base_url without /api (or with the version at its end) is one
// diagnostic naming base_url and /api, however many resources the plan
// reads, instead of an "HTTP 404 Route not found" per resource.
func TestAccProvider_baseURLMistakes(t *testing.T) {
	mock := acctest.NewMock(t)
	resources := `
resource "bestsms_contact" "ann" {
  attention = "Ann"
}
resource "bestsms_contact" "bob" {
  attention = "Bob"
}
resource "bestsms_group" "team" {
  name = "Team"
}
data "bestsms_groups" "all" {}
`
	provider := func(baseURL string) string {
		return fmt.Sprintf("provider \"bestsms\" {\n  base_url   = %q\n  auth_token = %q\n}\n", baseURL, acctest.Token)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		CheckDestroy:             mock.CheckNoContacts,
		Steps: []resource.TestStep{
			{Config: provider(mock.URL+"/api") + resources},
			{ // three resources in state and a data source: still one diagnostic
				Config:      provider(mock.URL) + resources,
				PlanOnly:    true,
				ExpectError: acctest.ExactlyOneError("Invalid BestSMS Base URL", `base_url must be the API root and end in /api, without the version`),
			},
			{
				Config:   provider(mock.URL+"/api/v2.04/") + resources,
				PlanOnly: true,
				ExpectError: acctest.ExactlyOneError("Invalid BestSMS Base URL",
					fmt.Sprintf(`got "%s/api/v2.04/". Remove "/v2.04" from its end.`, mock.URL)),
			},
			{Config: provider(mock.URL+"/api") + resources}, // back on the right URL, for destroy
		},
	})
}

// A base URL that ends in /api but reaches no API costs no extra request at
// configuration; each call then explains the 404 with base_url.
func TestAccProvider_routeNotFoundNamesBaseURL(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf("provider \"bestsms\" {\n  base_url   = %q\n  auth_token = %q\n}\n", mock.URL+"/other/api", acctest.Token) +
				`data "bestsms_groups" "all" {}`,
			ExpectError: acctest.ExactlyOneError("Unable to Read Groups", `base_url is probably wrong. It must be the API root and end in /api`),
		}},
	})
}

// configureDiags configures a provider server with baseURL and returns the
// diagnostics.
func configureDiags(t *testing.T, baseURL string) []*tfprotov6.Diagnostic {
	t.Helper()
	ctx := context.Background()
	srv := provider.NewProtocol6Server(provider.New("test")())
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &acctest.ActionHarness{T: t}
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{
		TerraformVersion: "1.11.4",
		Config:           h.Dynamic(schemas.Provider.ValueType(), map[string]any{"base_url": baseURL, "auth_token": acctest.Token}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Diagnostics
}

func TestConfigure_baseURLCheck(t *testing.T) {
	// A gateway in front of the API, at a path of its own: the check finds
	// the API there, so there is nothing to say.
	mock := acctest.NewMock(t)
	gateway := mocktest.Serve(t, http.StripPrefix("/sms-gateway", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/api" + r.URL.Path
		r.URL.RawPath = ""
		mock.ServeHTTP(w, r)
	})))
	if diags := configureDiags(t, gateway.URL+"/sms-gateway"); len(diags) != 0 {
		t.Errorf("a working base URL without /api: %s", acctest.DiagsText(diags))
	}

	// A base URL with the version that nevertheless answers (a server that
	// answers every route): a warning, not an error.
	anything := mocktest.Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"Result":"Success","TotalRecords":0,"Groups":[]}`))
	}))
	diags := configureDiags(t, anything.URL+"/api/v2.04")
	if len(diags) != 1 || diags[0].Severity != tfprotov6.DiagnosticSeverityWarning || diags[0].Attribute.String() != `AttributeName("base_url")` ||
		!strings.Contains(diags[0].Detail, "/api/v2.04/v2.04/") || !strings.Contains(diags[0].Detail, `Remove "/v2.04"`) {
		t.Errorf("want one warning on base_url, got:\n%s", acctest.DiagsText(diags))
	}

	// A base URL ending in /api is not checked: no request at configuration.
	mock.ResetStats()
	if diags := configureDiags(t, mock.URL+"/api"); len(diags) != 0 {
		t.Errorf("base URL ending in /api: %s", acctest.DiagsText(diags))
	}
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("configuring with a base URL ending in /api made %d requests", n)
	}
}
