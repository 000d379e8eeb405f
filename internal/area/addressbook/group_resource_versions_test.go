package addressbook_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
)

// On v3.00 a group's code is the API's: configuring one is an error at plan
// on code unless the group already has it (exactly), so that a
// configuration moved from v2 plans nothing; on v2 access_control is an
// error, and planned null when omitted.
func TestGroupPlan_versions(t *testing.T) {
	code := tftypes.NewAttributePath().WithAttributeName("code").String()
	access := tftypes.NewAttributePath().WithAttributeName("access_control").String()
	existing := map[string]any{
		"id": "4000000b-f002-4007-b00a-c00000000001", "name": "Ops", "code": "OPS_TEAM", "view_edit_by": "Account",
		"owner": "COM\\EXAMPLE", "access_control": "Limited",
	}

	v3 := acctest.NewMock(t)
	v3.APIVersion = "v3.00"
	h := acctest.NewActionHarness(t, v3, nil)
	acctest.ExpectErrorAt(t, h.PlanResource("bestsms_group", nil, map[string]any{"name": "Ops", "code": "OPS_TEAM"}).Diagnostics,
		code, `code "OPS_TEAM" cannot be written with api_version = "v3.00"`)
	acctest.ExpectErrorAt(t, h.PlanResource("bestsms_group", existing, map[string]any{"name": "Ops", "code": "OPS"}).Diagnostics,
		code, `(for the name "Ops", "Ops")`)
	resp := h.PlanResource("bestsms_group", existing, map[string]any{"name": "Ops", "code": "OPS_TEAM"})
	acctest.RequireNoErrorDiags(t, "v3.00, the group's own code", resp.Diagnostics)
	if len(resp.RequiresReplace) != 0 {
		t.Errorf("v3.00, the group's own code: replacement planned (%v)", resp.RequiresReplace)
	}
	// Another spelling would replace the group with a code of its own: refused.
	acctest.ExpectErrorAt(t, h.PlanResource("bestsms_group", existing, map[string]any{"name": "Ops", "code": "ops_team"}).Diagnostics,
		code, `code "ops_team" cannot be written`)
	if n := v3.Stats().Total; n != 0 {
		t.Errorf("v3.00 planning reached the API: %d requests", n)
	}

	v2 := acctest.NewMock(t)
	v2.APIVersion = "v2.04"
	h = acctest.NewActionHarness(t, v2, nil)
	acctest.ExpectErrorAt(t, h.PlanResource("bestsms_group", existing, map[string]any{"name": "Ops", "access_control": "Granted"}).Diagnostics,
		access, `access_control cannot be used with api_version = "v2.04"`)
	resp = h.PlanResource("bestsms_group", existing, map[string]any{"name": "Ops Renamed"})
	acctest.RequireNoErrorDiags(t, "v2.04 rename", resp.Diagnostics)
	if got := h.PlannedValues("bestsms_group", resp)["access_control"]; !got.IsNull() {
		t.Errorf("v2.04: planned access_control = %v, want null", got)
	}
}
