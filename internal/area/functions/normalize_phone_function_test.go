package functions_test

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// functionTestCase runs steps on Terraform ≥ 1.8, which has
// provider-defined functions. Steps that expect an error come first: the
// post-test destroy uses the last step's configuration.
func functionTestCase(t *testing.T, steps ...resource.TestStep) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{acctest.Requires(acctest.Functions)},
		Steps:                    steps,
	}
}

func TestAccFunction_normalizePhone(t *testing.T) {
	resource.ParallelTest(t, functionTestCase(t,
		resource.TestStep{
			Config:      `output "x" { value = provider::bestsms::normalize_phone("not a number", "AU") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "number" parameter.*is not a phone\s+number`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::bestsms::normalize_phone("0421", "AU") }`,
			ExpectError: regexp.MustCompile(`(?s)"number" parameter.*too\s+short`),
		},
		resource.TestStep{ // a New Zealand number in its national format is no AU number
			Config:      `output "x" { value = provider::bestsms::normalize_phone("021 555 123", "AU") }`,
			ExpectError: regexp.MustCompile(`(?s)"number" parameter.*not a valid phone\s+number in AU.*international\s+format`),
		},
		resource.TestStep{ // the region's own country code must be valid too
			Config:      `output "x" { value = provider::bestsms::normalize_phone("+61 421 000 001 2", "AU") }`,
			ExpectError: regexp.MustCompile(`(?s)"number" parameter.*not a valid AU\s+phone\s+number`),
		},
		resource.TestStep{
			Config:      `output "x" { value = provider::bestsms::normalize_phone("0421 000 001", "Australia") }`,
			ExpectError: regexp.MustCompile(`(?s)Invalid value for "region" parameter.*ISO\s+3166-1`),
		},
		resource.TestStep{
			Config: `
output "au_national"      { value = provider::bestsms::normalize_phone("0421 000 001", "AU") }
output "au_international" { value = provider::bestsms::normalize_phone("+61 (421) 000-001", "NZ") }
output "nz_national"      { value = provider::bestsms::normalize_phone("021 444 8899", "NZ") }
output "double_zero"      { value = provider::bestsms::normalize_phone("0061 421 000 001", "GB") }
output "gb_lower_region"  { value = provider::bestsms::normalize_phone("020 7946 0958", "gb") }
output "foreign_unknown"  { value = provider::bestsms::normalize_phone("+44 7700 900123", "AU") }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("au_national", knownvalue.StringExact("+61421000001")),
				statecheck.ExpectKnownOutputValue("au_international", knownvalue.StringExact("+61421000001")),
				statecheck.ExpectKnownOutputValue("nz_national", knownvalue.StringExact("+64214448899")),
				statecheck.ExpectKnownOutputValue("double_zero", knownvalue.StringExact("+61421000001")),
				statecheck.ExpectKnownOutputValue("gb_lower_region", knownvalue.StringExact("+442079460958")),
				// another country's code, not known as valid: as the provider would send it
				statecheck.ExpectKnownOutputValue("foreign_unknown", knownvalue.StringExact("+447700900123")),
			},
		},
	))
}
