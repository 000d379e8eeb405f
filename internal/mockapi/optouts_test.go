package mockapi_test

import (
	"testing"

	"github.com/bestsms/terraform-provider-bestsms/internal/mockapi"
)

// TestOptOutsEmptyWithoutAnOptOutStore: the wires served today have no
// opt-outs, so the list is empty (never nil, so that it encodes as []).
func TestOptOutsEmptyWithoutAnOptOutStore(t *testing.T) {
	h := newHarness(t, mockapi.Options{})
	if got := h.srv.OptOuts(); got == nil || len(got) != 0 {
		t.Errorf("OptOuts() = %#v, want an empty list", got)
	}
}
