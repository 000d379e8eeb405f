package addressbook_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// The contact attributes only one API version carries: v3.00's members,
// and v2's direct_phone.
var (
	v3OnlyContactAttributes = map[string]any{
		"notes": "n", "ex_type": "crm", "ex_id": "CRM-1", "access_control": "Granted",
		"alt_phone3": "+61290000013", "alt_phone4": "+61290000014", "alt_phone5": "+61290000015",
		"alt_phone6": "+61290000016", "alt_phone7": "+61290000017", "alt_phone8": "+61290000018",
	}
	v2OnlyContactAttributes = map[string]any{"direct_phone": "+61290000003"}
)

// Every contact attribute an API version cannot carry is an error at plan
// time on the attribute, naming it and api_version, and nothing reaches the
// API; access_control, which only v3.00 defaults, is planned null on v2
// rather than "known after apply".
func TestContactPlan_versionOnlyAttributes(t *testing.T) {
	for _, tc := range []struct {
		version string
		refused map[string]any
	}{
		{"v2.03", v3OnlyContactAttributes},
		{"v2.04", v3OnlyContactAttributes},
		{"v3.00", v2OnlyContactAttributes},
	} {
		t.Run(tc.version, func(t *testing.T) {
			mock := acctest.NewMock(t)
			mock.APIVersion = tc.version
			h := acctest.NewActionHarness(t, mock, nil)
			config := map[string]any{"attention": "X"}
			for k, v := range tc.refused {
				config[k] = v
			}
			resp := h.PlanResource("bestsms_contact", nil, config)
			errors := 0
			for _, d := range resp.Diagnostics {
				if d.Severity == tfprotov6.DiagnosticSeverityError {
					errors++
				}
			}
			if errors != len(tc.refused) {
				t.Errorf("%d errors, want one per refused attribute (%d):\n%s", errors, len(tc.refused), acctest.DiagsText(resp.Diagnostics))
			}
			for name := range tc.refused {
				acctest.ExpectErrorAt(t, resp.Diagnostics, tftypes.NewAttributePath().WithAttributeName(name).String(),
					fmt.Sprintf("%s cannot be used with api_version = %q", name, tc.version))
			}

			// Without them the plan is clean; access_control is null on v2,
			// the API's default (known after apply) on v3.
			resp = h.PlanResource("bestsms_contact", nil, map[string]any{"attention": "X"})
			acctest.RequireNoErrorDiags(t, "plan without them", resp.Diagnostics)
			access := h.PlannedValues("bestsms_contact", resp)["access_control"]
			if v3 := tc.version == "v3.00"; v3 && access.IsKnown() || !v3 && !access.IsNull() {
				t.Errorf("planned access_control = %v on %s, want unknown on v3.00, null on v2", access, tc.version)
			}
			if n := mock.Stats().Total; n != 0 {
				t.Errorf("planning reached the API: %d requests", n)
			}
		})
	}
}

// The same through Terraform, one attribute per version: the plan fails
// naming the attribute and api_version, and the mock is untouched.
func TestAccContactResource_versionOnlyAttributes(t *testing.T) {
	mock := acctest.NewMock(t)
	contact := func(version, attr string) string {
		mock.APIVersion = version
		return mock.ProviderConfig() + fmt.Sprintf("resource \"bestsms_contact\" \"x\" {\n  attention = \"X\"\n  %s = \"+61290000003\"\n}\n", attr)
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      contact("v2.04", "alt_phone5"),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Not Supported By API Version v2.04", `alt_phone5 cannot be used with api_version = "v2.04"`, "v3.00"),
			},
			{
				Config:      contact("v3.00", "direct_phone"),
				PlanOnly:    true,
				ExpectError: acctest.Wrapped("Not Supported By API Version v3.00", `direct_phone cannot be used with api_version = "v3.00"`, "v2.03 or v2.04"),
			},
		},
	})
	if n := mock.Stats().Total; n != 0 {
		t.Errorf("version errors reached the API: %d requests", n)
	}
}

// The v3.00 members' limits are checked at plan: notes up to 1000
// characters, ex_type 20, ex_id 100.
func TestContactValidate_v3Lengths(t *testing.T) {
	mock := acctest.NewMock(t)
	mock.APIVersion = "v3.00"
	h := acctest.NewActionHarness(t, mock, nil)
	for name, limit := range map[string]int{"notes": 1000, "ex_type": 20, "ex_id": 100} {
		for _, n := range []int{limit, limit + 1} {
			resp := h.PlanResource("bestsms_contact", nil, map[string]any{"attention": "X", name: strings.Repeat("n", n)})
			if got, want := acctest.HasErrorDiag(resp.Diagnostics), n > limit; got != want {
				t.Errorf("%s of %d characters: error %t, want %t:\n%s", name, n, got, want, acctest.DiagsText(resp.Diagnostics))
			}
		}
	}
}
