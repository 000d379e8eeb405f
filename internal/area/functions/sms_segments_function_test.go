package functions_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

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
