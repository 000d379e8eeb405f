package optouts_test

import (
	"strings"
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/acctest"
	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// The list resource through the provider server: on v2.04 one error naming
// it and api_version, nothing sent; on v3.00 the entries sorted by display
// name, control characters of stored values shown as spaces, the list
// block's limit kept, and the resource object as Read stores it.
func TestListOptOutsProtocol(t *testing.T) {
	v2 := acctest.NewMock(t)
	results := acctest.NewActionHarness(t, v2, nil).List("bestsms_optout", nil, false, 100)
	if len(results) != 1 || len(results[0].Diags) != 1 ||
		!strings.Contains(results[0].Diags[0].Detail, `list "bestsms_optout" cannot be used with api_version = "v2.04"`) {
		t.Errorf("v2.04: want one result with the version error, got %+v", results)
	}
	if n := v2.Stats().Total; n != 0 {
		t.Errorf("v2.04: the list reached the API: %d requests", n)
	}

	mock := acctest.NewMock(t)
	mock.APIVersion = "v3.00"
	put(t, mock, mockapi.OptOut{DestType: "Voice", Destination: "+61390000001"})
	put(t, mock, mockapi.OptOut{DestType: "SMS", Destination: "+61421000009", SubAccount: "Sales\x1b[2J\nOps"})
	put(t, mock, mockapi.OptOut{DestType: "Fax", Destination: "+61290000009", Notes: "fax line"})
	h := acctest.NewActionHarness(t, mock, nil)
	all := h.List("bestsms_optout", nil, true, 100)
	want := []string{"+61290000009 (Fax)", "+61390000001 (Voice)", "+61421000009 (SMS, sub-account Sales [2J Ops)"}
	if got := acctest.ListedNames(t, all); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("display names %q, want %q", got, want)
	}
	if got := acctest.StringValue(t, all[0].Resource["notes"]); got != "fax line" {
		t.Errorf("the fax entry's notes = %q", got)
	}
	if got := acctest.StringValue(t, all[1].Resource["dest_type"]); got != "Voice" { // the mock answers Speech
		t.Errorf("the voice entry's dest_type = %q, want the canonical Voice", got)
	}
	if got := h.List("bestsms_optout", map[string]any{"dest_type": "Speech"}, false, 100); len(got) != 1 || got[0].Name != "+61390000001 (Voice)" {
		t.Errorf("dest_type Speech found %+v, want the voice entry", got)
	}
	if got := h.List("bestsms_optout", nil, false, 2); len(got) != 2 {
		t.Errorf("limit 2 gave %d results", len(got))
	}
}
