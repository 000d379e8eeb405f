package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

func TestAccFunction_groupCode(t *testing.T) {
	mock := acctest.NewMock(t)
	resource.ParallelTest(t, functionTestCase(t,
		resource.TestStep{
			Config:      `output "x" { value = provider::bestsms::group_code("   ") }`,
			ExpectError: regexp.MustCompile(`(?s)"name" parameter.*white\s+space`),
		},
		resource.TestStep{
			// The function must agree with the code the API derives.
			Config: mock.ProviderConfig() + `
resource "bestsms_group" "g" {
  name = "  Night   Shift Team "
}
output "function" { value = provider::bestsms::group_code("  Night   Shift Team ") }
output "api"      { value = bestsms_group.g.code }
output "simple"   { value = provider::bestsms::group_code("On Call Team") }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("function", knownvalue.StringExact("Night_Shift_Team")),
				statecheck.ExpectKnownOutputValue("api", knownvalue.StringExact("Night_Shift_Team")),
				statecheck.ExpectKnownOutputValue("simple", knownvalue.StringExact("On_Call_Team")),
			},
		},
	))
}
