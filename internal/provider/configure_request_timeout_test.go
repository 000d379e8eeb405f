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

// request_timeout is checked at validation (a literal) and at configure
// time (the environment variable), on its own attribute.
func TestRequestTimeoutValidation(t *testing.T) {
	ctx := context.Background()
	srv := provider.NewProtocol6Server(provider.New("test")())
	schemas, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	h := &acctest.ActionHarness{T: t, Schemas: schemas}
	typ := schemas.Provider.ValueType()
	config := func(timeout any) *tfprotov6.DynamicValue {
		return h.Dynamic(typ, map[string]any{"base_url": "http://127.0.0.1:9/api", "auth_token": acctest.Token, "request_timeout": timeout})
	}

	for _, tc := range []struct {
		value any
		ok    bool
	}{
		{"20s", true}, {"1s", true}, {"10m", true}, {"1m30s", true}, {nil, true}, {acctest.Unknown{}, true},
		{"500ms", false}, {"11m", false}, {"20", false}, {"soon", false}, {"-5s", false}, {"", false},
	} {
		resp, err := srv.ValidateProviderConfig(ctx, &tfprotov6.ValidateProviderConfigRequest{Config: config(tc.value)})
		if err != nil {
			t.Fatal(err)
		}
		if tc.ok {
			acctest.RequireNoErrorDiags(t, "validate", resp.Diagnostics)
			continue
		}
		text := acctest.DiagsText(resp.Diagnostics)
		if !strings.Contains(text, "Invalid Request Timeout") || !strings.Contains(text, "(at AttributeName(\"request_timeout\"))") {
			t.Errorf("request_timeout = %v: diagnostics\n%s\nwant an Invalid Request Timeout on request_timeout", tc.value, text)
		}
	}

	t.Setenv(framework.EnvRequestTimeout, "soon")
	resp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if text := acctest.DiagsText(resp.Diagnostics); !strings.Contains(text, `"soon" (from the provider block or BESTSMS_REQUEST_TIMEOUT)`) {
		t.Errorf("configure with %s=soon: diagnostics\n%s", framework.EnvRequestTimeout, text)
	}
	t.Setenv(framework.EnvRequestTimeout, "45s")
	resp, err = srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: config(nil)})
	if err != nil {
		t.Fatal(err)
	}
	acctest.RequireNoErrorDiags(t, "configure with "+framework.EnvRequestTimeout+"=45s", resp.Diagnostics)
}
