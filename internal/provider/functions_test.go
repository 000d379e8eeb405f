package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// functionTestCase runs steps on Terraform ≥ 1.8, which has
// provider-defined functions. Steps that expect an error come first: the
// post-test destroy uses the last step's configuration.
func functionTestCase(t *testing.T, steps ...resource.TestStep) resource.TestCase {
	t.Helper()
	return resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)},
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

func TestAccFunction_smsSegments(t *testing.T) {
	segments := func(encoding string, chars, units, segs, per int64) knownvalue.Check {
		return knownvalue.ObjectExact(map[string]knownvalue.Check{
			"encoding":          knownvalue.StringExact(encoding),
			"characters":        knownvalue.Int64Exact(chars),
			"units":             knownvalue.Int64Exact(units),
			"segments":          knownvalue.Int64Exact(segs),
			"units_per_segment": knownvalue.Int64Exact(per),
		})
	}
	resource.ParallelTest(t, functionTestCase(t, resource.TestStep{
		Config: `
locals {
  a160 = join("", [for i in range(160) : "a"])
}
output "hello"     { value = provider::bestsms::sms_segments("hello") }
output "empty"     { value = provider::bestsms::sms_segments("") }
output "exact160"  { value = provider::bestsms::sms_segments(local.a160) }
output "over160"   { value = provider::bestsms::sms_segments("${local.a160}b") }
output "euro"      { value = provider::bestsms::sms_segments("Price: 5€ {ok}") }
output "emoji"     { value = provider::bestsms::sms_segments("On call 😀") }
output "newlines"  { value = provider::bestsms::sms_segments("line1\nline2\r\n") }
output "escape_at_edge" { value = provider::bestsms::sms_segments("${join("", [for i in range(152) : "a"])}€${join("", [for i in range(10) : "b"])}") }
`,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownOutputValue("hello", segments("GSM-7", 5, 5, 1, 160)),
			statecheck.ExpectKnownOutputValue("empty", segments("GSM-7", 0, 0, 0, 160)),
			statecheck.ExpectKnownOutputValue("exact160", segments("GSM-7", 160, 160, 1, 160)),
			statecheck.ExpectKnownOutputValue("over160", segments("GSM-7", 161, 161, 2, 153)),
			statecheck.ExpectKnownOutputValue("euro", segments("GSM-7", 14, 17, 1, 160)),
			statecheck.ExpectKnownOutputValue("emoji", segments("UCS-2", 9, 10, 1, 70)),
			statecheck.ExpectKnownOutputValue("newlines", segments("GSM-7", 13, 13, 1, 160)),
			// 152 septets + "€" (2) would straddle the 153 boundary: it moves to segment 2.
			statecheck.ExpectKnownOutputValue("escape_at_edge", segments("GSM-7", 163, 164, 2, 153)),
		},
	}))
}

func TestAccFunction_groupCode(t *testing.T) {
	mock := newTestMock(t)
	resource.ParallelTest(t, functionTestCase(t,
		resource.TestStep{
			Config:      `output "x" { value = provider::bestsms::group_code("   ") }`,
			ExpectError: regexp.MustCompile(`(?s)"name" parameter.*white\s+space`),
		},
		resource.TestStep{
			// The function must agree with the code the API derives.
			Config: mock.providerConfig() + `
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
